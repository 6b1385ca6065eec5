// The fallback script goes in front of Apollo Sandbox's CDN script, under the page's own CSP nonce.
import { test } from "node:test";
import assert from "node:assert/strict";
import { landingPagePlugin } from "../../src/transport/http/landing-page.js";
import { injectGraphiqlFallback } from "../../src/transport/http/explorer-fallback.js";

async function renderedLandingPage(): Promise<string> {
  const plugin = landingPagePlugin({ production: false, demoToken: "demo-token" });
  const listener = await plugin.serverWillStart?.({} as never);
  const page = await listener?.renderLandingPage?.();
  const html = page?.html;
  return typeof html === "string" ? html : ((await html?.()) ?? "");
}

test("Apollo Sandbox's page carries the GraphiQL fallback before the CDN script, with its nonce", async () => {
  const html = await renderedLandingPage();
  const nonce = /'nonce-([^']+)'/.exec(html)?.[1];
  assert.ok(nonce);
  const fallback = html.indexOf(`<script nonce="${nonce}">\n(function () {`);
  const cdn = html.search(/<script[^>]*src="https:\/\/embeddable-sandbox\.cdn\.apollographql\.com/);
  assert.ok(fallback > 0 && cdn > fallback, "fallback first");
  assert.match(html, /window\.location\.replace\(new URL\("\/graphiql"/);
  assert.match(html, /<a href="\/graphiql">/);
  assert.ok(html.includes("demo-token"), "the Sandbox page itself is unchanged");
});

test("a page without the CDN script or a nonce is left as it is", () => {
  const page = "<html><body><script src='/x.js'></script></body></html>";
  assert.equal(injectGraphiqlFallback(page, "/graphiql"), page);
});
