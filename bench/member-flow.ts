/**
 * The member flow the subscription benchmarks drive: a fresh MX Bank member with
 * one MFA round, subscribers spread over several servers on a few graphql-ws
 * sockets, the identify and answer mutations, and the measurements taken from
 * the sandbox's call log.
 */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";
import { signUserToken } from "../src/auth/token-verifier.js";
import { AUTH_SECRET, type SandboxProc, type ServerProc } from "./processes.js";
import { UPSTREAM_ROUTES } from "../src/domain/upstream-routes.js";
import { MXBANK_CREDENTIAL_GUIDS } from "../src/sandbox/institutions.js";

/** Subscriptions per graphql-ws socket. */
export const PER_SOCKET = 100;
const STATUS_ROUTE = UPSTREAM_ROUTES.status;
const SUBSCRIPTION = `subscription($guid: ID!) { memberStatus(memberGuid: $guid) { connectionStatus isBeingAggregated isFinal } }`;

/** One event as a subscriber saw it: status/aggregating, and when it arrived. */
export interface Received {
  key: string;
  at: number;
}

/** Resolves after `ms`. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 20 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 120_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** The body that creates an idle MX Bank member (skip_aggregation); the password picks the scenario. */
export function mxbankMemberBody(username: string, password: string): Record<string, unknown> {
  return {
    member: {
      institution_code: "mxbank",
      skip_aggregation: true,
      credentials: [
        { guid: MXBANK_CREDENTIAL_GUIDS.login, value: username },
        { guid: MXBANK_CREDENTIAL_GUIDS.password, value: password },
      ],
    },
  };
}

/** Makes user identifiers unique when two members are made in the same millisecond. */
let membersMade = 0;

/** A member waiting to be identified (MX Bank "challenge": one MFA round) and a token for its user. */
export async function member(sandbox: SandboxProc): Promise<{ user: string; guid: string; token: string }> {
  const user = (
    await sandbox.control("POST", "/users", { user: { identifier: `scale-${Date.now()}-${++membersMade}` } })
  )["user"] as { guid: string };
  const created = (
    await sandbox.control("POST", `/users/${user.guid}/members`, mxbankMemberBody("test_atrium", "challenge"))
  )["member"] as { guid: string };
  return { user: user.guid, guid: created.guid, token: await signUserToken(AUTH_SECRET, user.guid) };
}

/** `n` subscribers, socket by socket alternating between the servers; each log records its events. */
export function subscribe(
  servers: ServerProc[],
  clients: Client[],
  n: number,
  guid: string,
  token: string,
): Received[][] {
  const sockets: Client[] = [];
  for (let s = 0; s < Math.ceil(n / PER_SOCKET); s++) {
    const client = createClient({
      url: servers[s % servers.length]!.url.replace("http", "ws"),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
    });
    sockets.push(client);
    clients.push(client);
  }
  return Array.from({ length: n }, (_, i) => {
    const log: Received[] = [];
    sockets[Math.floor(i / PER_SOCKET)]!.subscribe<{
      memberStatus: { connectionStatus: string; isBeingAggregated: boolean };
    }>(
      { query: SUBSCRIPTION, variables: { guid } },
      {
        next: (result) => {
          const status = result.data?.memberStatus;
          if (status)
            log.push({ key: `${status.connectionStatus}/${status.isBeingAggregated}`, at: Date.now() });
        },
        error: () => {},
        complete: () => {},
      },
    );
    return log;
  });
}

/** One GraphQL operation over HTTP as the member's user. */
export async function gql(
  server: ServerProc,
  token: string,
  query: string,
  variables: Record<string, unknown>,
) {
  const res = await fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

/** The mutations of the flow. */
export const IDENTIFY = `mutation($g: ID!) { identifyMember(memberGuid: $g) { alreadyRunning } }`;
export const ANSWER = `mutation($g: ID!, $a: [MfaAnswerInput!]!) { answerMfa(memberGuid: $g, answers: $a) { member { guid } } }`;

/** Reads the pending challenge and answers it correctly (throws if the answer is refused). */
export async function answerChallenge(server: ServerProc, token: string, guid: string): Promise<void> {
  const read = await gql(server, token, `query($g: ID!) { member(guid: $g) { challenges { guid } } }`, {
    g: guid,
  });
  const challengeGuid = (read.data?.["member"] as { challenges: Array<{ guid: string }> }).challenges[0]!
    .guid;
  const answered = await gql(server, token, ANSWER, { g: guid, a: [{ challengeGuid, value: "correct" }] });
  if (answered.errors) throw new Error(`answerMfa failed: ${JSON.stringify(answered.errors)}`);
}

/** When the sandbox answered each status call for the member, in order. */
export async function statusCallTimes(sandbox: SandboxProc, guid: string): Promise<number[]> {
  const path = `/_sandbox/calls?route=${encodeURIComponent(STATUS_ROUTE)}&member_guid=${guid}`;
  return ((await sandbox.control("GET", path))["calls"] as Array<{ at: number }>)
    .map((c) => c.at)
    .sort((a, b) => a - b);
}

/** Each change after the first event was seen by the latest status poll answered before it reached anyone. */
export function deliveryDelays(received: Received[][], calls: number[]): number[] {
  const delays: number[] = [];
  const reference = received[0]!;
  for (let k = 1; k < reference.length; k++) {
    const firstArrival = Math.min(...received.map((log) => log[k]?.at ?? Number.POSITIVE_INFINITY));
    const pollAt = calls.filter((at) => at <= firstArrival).pop();
    if (pollAt === undefined) continue;
    for (const log of received) if (log[k]) delays.push(log[k]!.at - pollAt);
  }
  return delays.sort((a, b) => a - b);
}

/** Every subscriber saw the same sequence of events. */
export const sameEverywhere = (received: Received[][]) =>
  received.every((log) => log.map((r) => r.key).join() === received[0]!.map((r) => r.key).join());
/** The subscriber's last event is the final, idle CONNECTED. */
export const isDone = (log: Received[]) => log[log.length - 1]?.key === "CONNECTED/false";
