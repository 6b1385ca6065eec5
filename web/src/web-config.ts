/** What the server tells the page at start (`GET /web-config.json`). */
export interface WebConfig {
  /** The sandbox demo user's token; the server sends one only in sandbox mode, never in production. */
  demoToken: string | null;
  /** The example operation the explorers open with. */
  exampleOperation: string;
  graphqlPath: string;
}

export async function loadWebConfig(): Promise<WebConfig> {
  const res = await fetch("/web-config.json", { headers: { accept: "application/json" } });
  if (!res.ok) throw new Error(`web-config.json: ${res.status}`);
  return (await res.json()) as WebConfig;
}

/**
 * A bearer token handed over by the embedding app in the URL fragment (`#token=…`). The fragment
 * never reaches a server; it is removed from the address bar at once so it is not bookmarked or
 * shared, and the token lives on only in memory.
 */
export function takeTokenFromFragment(): string | undefined {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get("token")?.trim();
  if (!token) return undefined;
  params.delete("token");
  const rest = params.toString();
  window.history.replaceState(
    null,
    "",
    `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ""}`,
  );
  return token;
}
