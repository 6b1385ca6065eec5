/**
 * Webhook delay: how long after the sandbox's change (the moment it sends MX's
 * webhook) a subscriber sees CHALLENGED and the final CONNECTED, on the Platform
 * dialect. Two arms side by side on the same machine: webhooks on with
 * POLL_INTERVAL_MS 10000, and polling alone at 1000 ms (the sandbox default).
 * The reference unit is one status round trip to the sandbox, measured in the
 * same run; delays are reported in ms and in those round trips.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { loadConfig } from "../src/config.js";
import { createLogger } from "../src/observability/logger.js";
import { startServer, type RunningServer } from "../src/server.js";
import { percentile, table } from "./processes.js";
import { mxbankMemberBody } from "./member-flow.js";

const FLOWS = Number(process.env["BENCH_WEBHOOK_FLOWS"] ?? 20);
const USERNAME = "bench-mx";
const PASSWORD = "bench-webhook-password-0123";
const SUBSCRIPTION = `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isFinal isBeingAggregated challenges { guid options { value } } } }`;

interface Event {
  connectionStatus: string;
  isFinal: boolean;
  isBeingAggregated: boolean;
  challenges: Array<{ guid: string; options: Array<{ value: string }> }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function platformHeaders(server: RunningServer): Record<string, string> {
  const sandbox = server.sandbox!;
  return {
    accept: "application/vnd.mx.api.v1+json",
    "accept-version": "v20111101",
    authorization: `Basic ${Buffer.from(`${sandbox.clientId}:${sandbox.apiKey}`).toString("base64")}`,
    "content-type": "application/json",
  };
}

async function mx(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${server.sandbox!.url}${path}`, {
    method,
    headers: platformHeaders(server),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

async function gql(server: RunningServer, token: string, query: string, variables: unknown): Promise<void> {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
}

async function start(webhooks: boolean): Promise<RunningServer> {
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    SANDBOX_PORT: "0",
    LOG_LEVEL: "silent",
    ATRIUM_API: "platform",
    POLL_INTERVAL_MS: webhooks ? "10000" : "1000",
    POLL_IDLE_INTERVAL_MS: webhooks ? "10000" : "1000",
    SANDBOX_SPEED: "2",
    ...(webhooks ? { MX_WEBHOOK_USERNAME: USERNAME, MX_WEBHOOK_PASSWORD: PASSWORD } : {}),
  });
  const server = await startServer({ config, logger: createLogger({ level: "silent" }) });
  // Without the route the sandbox still sends (and records when); the server answers 404 and polls alone.
  if (!webhooks) {
    server.sandbox!.controls.setWebhookTarget({
      url: `http://127.0.0.1:${server.port}/not-listening`,
      username: USERNAME,
      password: PASSWORD,
    });
  }
  return server;
}

/** A fresh MX Bank member with the OPTIONS scenario, created as a partner backend would. */
async function optionsMember(
  server: RunningServer,
  i: number,
): Promise<{ userGuid: string; memberGuid: string }> {
  const user = (await mx(server, "POST", "/users", { user: { id: `bench-${Date.now()}-${i}` } }))["user"] as {
    guid: string;
  };
  const member = (
    await mx(server, "POST", `/users/${user.guid}/members`, mxbankMemberBody("mxuser", "options"))
  )["member"] as { guid: string };
  return { userGuid: user.guid, memberGuid: member.guid };
}

/** One identify flow; returns the delays (ms) from the sandbox's webhook to the subscriber's event. */
async function flow(server: RunningServer, i: number): Promise<{ challenged: number; connected: number }> {
  const { userGuid, memberGuid } = await optionsMember(server, i);
  const user = { guid: userGuid };
  const member = { guid: memberGuid };
  const token = await server.signToken!(user.guid);
  const events: Array<{ event: Event; at: number }> = [];
  const client: Client = createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 0,
  });
  const dispose = client.subscribe<{ memberStatus: Event }>(
    { query: SUBSCRIPTION, variables: { guid: member.guid } },
    {
      next: (r) => r.data && events.push({ event: r.data.memberStatus, at: Date.now() }),
      error: () => {},
      complete: () => {},
    },
  );
  const waitFor = async (check: (e: Event) => boolean, after = -1): Promise<{ event: Event; at: number }> => {
    for (let n = 0; n < 3000; n++) {
      const found = events.find((e, index) => index > after && check(e.event));
      if (found) return found;
      await sleep(5);
    }
    throw new Error("flow timed out");
  };
  await waitFor(() => true);
  await gql(server, token, `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`, {
    g: member.guid,
  });
  const challenged = await waitFor((e) => e.connectionStatus === "CHALLENGED");
  const c = challenged.event.challenges[0]!;
  await gql(
    server,
    token,
    `mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }`,
    {
      g: member.guid,
      a: [{ challengeGuid: c.guid, value: "correct" }],
    },
  );
  const done = await waitFor((e) => e.isFinal && !e.isBeingAggregated, events.indexOf(challenged));
  dispose();
  await client.dispose();
  const sent = server
    .sandbox!.webhooks.deliveries()
    .filter((d) => d.memberGuid === member.guid && d.type === "MEMBER");
  const challengedSent = sent.find((d) => d.connectionStatus === "CHALLENGED")!.sentAt;
  const doneSent = sent.at(-1)!.sentAt;
  return { challenged: challenged.at - challengedSent, connected: done.at - doneSent };
}

async function statusRoundTrip(server: RunningServer): Promise<number> {
  const { userGuid, members } = server.sandbox!.demo;
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    await mx(server, "GET", `/users/${userGuid}/members/${members.noMfa}/status`);
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    50,
  );
}

const rows: Array<Array<string | number>> = [];
for (const webhooks of [true, false]) {
  const server = await start(webhooks);
  try {
    const roundTrip = await statusRoundTrip(server);
    const delays: number[] = [];
    for (let i = 0; i < FLOWS; i++) {
      const d = await flow(server, i);
      delays.push(d.challenged, d.connected);
    }
    delays.sort((a, b) => a - b);
    const p50 = percentile(delays, 50);
    const p95 = percentile(delays, 95);
    const max = delays.at(-1)!;
    rows.push([
      webhooks ? "webhooks, POLL_INTERVAL_MS=10000" : "polling alone, POLL_INTERVAL_MS=1000",
      delays.length,
      roundTrip.toFixed(1),
      p50.toFixed(0),
      p95.toFixed(0),
      max.toFixed(0),
      (p50 / roundTrip).toFixed(1),
    ]);
  } finally {
    await server.close();
  }
}
process.stdout.write(
  `${table(["arm", "changes", "status round trip p50 ms", "delay p50 ms", "p95 ms", "max ms", "p50 in round trips"], rows)}\n`,
);
