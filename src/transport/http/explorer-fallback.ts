/**
 * Apollo Sandbox's page loads its script from Apollo's CDN; offline, or behind a firewall that
 * blocks CDNs, it only says "it appears that you might be offline". This wraps the landing page
 * so that, when that script fails or has not arrived within a few seconds, the page moves on by
 * itself to the bundled GraphiQL (served from this server, no CDN).
 */
import type { ApolloServerPlugin, BaseContext, GraphQLServerListener } from "@apollo/server";

/** Where the bundled GraphiQL is served (web-app-routes.ts). */
export const GRAPHIQL_PATH = "/graphiql";

const WAIT_FOR_CDN_MS = 6000;

function fallbackScript(nonce: string, graphiqlPath: string): string {
  const target = JSON.stringify(graphiqlPath);
  return `<script nonce="${nonce}">
(function () {
  var moved = false;
  function fallBack() {
    if (moved || window.EmbeddedSandbox) return;
    moved = true;
    window.location.replace(new URL(${target}, window.location.href).href);
  }
  window.addEventListener("error", function (event) {
    var el = event.target;
    if (el && el.tagName === "SCRIPT" && /cdn\\.apollographql\\.com/.test(el.src)) fallBack();
  }, true);
  setTimeout(fallBack, ${WAIT_FOR_CDN_MS});
})();
</script>
<p class="fallback">No CDN? <a href="${graphiqlPath}">Open the bundled GraphiQL explorer</a>.</p>`;
}

/** Injects the fallback before the landing page's CDN script, with the page's own CSP nonce. */
export function injectGraphiqlFallback(html: string, graphiqlPath: string): string {
  const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
  const cdnScript = html.search(/<script[^>]*src="https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
  if (nonce === undefined || cdnScript < 0) return html;
  return html.slice(0, cdnScript) + fallbackScript(nonce, graphiqlPath) + html.slice(cdnScript);
}

export function withGraphiqlFallback<T extends BaseContext>(
  plugin: ApolloServerPlugin<T>,
  graphiqlPath = GRAPHIQL_PATH,
): ApolloServerPlugin<T> {
  return {
    async serverWillStart(service) {
      const listener: GraphQLServerListener | void = await plugin.serverWillStart?.(service);
      const render = listener?.renderLandingPage?.bind(listener);
      if (!listener || !render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          const original = page.html;
          return {
            html: async () => {
              const text = typeof original === "string" ? original : await original();
              return injectGraphiqlFallback(text, graphiqlPath);
            },
          };
        },
      };
    },
  };
}
