/**
 * MX's webhook sender, played by a test: a server set up to receive MX webhooks, and the POST MX
 * makes to its /webhooks/mx with the partner's Basic credentials.
 */

/**
 * The environment of a server that takes MX webhooks with `username`/`password` and polls so
 * rarely (10 s) that every status a subscriber sees sooner came from a webhook's nudge.
 */
export function webhookServerEnv(username: string, password: string): Record<string, string> {
  return {
    POLL_INTERVAL_MS: "10000",
    POLL_IDLE_INTERVAL_MS: "10000",
    MX_WEBHOOK_USERNAME: username,
    MX_WEBHOOK_PASSWORD: password,
  };
}

/** The server's webhook endpoint. */
export function webhookUrl(server: { port: number }): string {
  return `http://127.0.0.1:${server.port}/webhooks/mx`;
}

/** POSTs `body` (JSON-encoded unless already a string) with Basic `credentials` ("user:password"). */
export function postWebhook(server: { port: number }, body: unknown, credentials: string): Promise<Response> {
  return fetch(webhookUrl(server), {
    method: "POST",
    headers: {
      "content-type": "application/json",
      authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}
