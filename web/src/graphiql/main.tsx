/**
 * The offline explorer: GraphiQL 5 bundled from npm (no CDN), opened on the same example
 * operation as Apollo Sandbox and, in sandbox mode, the demo token's Authorization header.
 * Apollo Sandbox's page on /graphql falls back here when its CDN script cannot load.
 */
import { createRoot } from "react-dom/client";
import { GraphiQL } from "graphiql";
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "./graphiql.css";
import { loadWebConfig, type WebConfig } from "../web-config";
import { createExplorerFetcher } from "./explorer-fetcher";

function endpoints(path: string): { http: string; ws: string } {
  const http = new URL(path, window.location.href);
  const ws = new URL(http);
  ws.protocol = http.protocol === "https:" ? "wss:" : "ws:";
  return { http: http.href, ws: ws.href };
}

async function start(): Promise<void> {
  const config: WebConfig = await loadWebConfig().catch(() => ({
    demoToken: null,
    exampleOperation: "",
    graphqlPath: "/graphql",
  }));
  const { http, ws } = endpoints(config.graphqlPath);
  const headers = config.demoToken
    ? JSON.stringify({ Authorization: `Bearer ${config.demoToken}` }, null, 2)
    : JSON.stringify({ Authorization: "Bearer <token>" }, null, 2);
  const root = document.getElementById("graphiql");
  if (!root) return;
  createRoot(root).render(
    <GraphiQL
      fetcher={createExplorerFetcher(http, ws)}
      initialQuery={config.exampleOperation}
      defaultQuery={config.exampleOperation}
      initialHeaders={headers}
      defaultHeaders={headers}
      defaultEditorToolsVisibility="headers"
    />,
  );
}

void start();
