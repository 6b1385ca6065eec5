// Small helpers for the sandbox tests: real HTTP requests (global fetch) with Atrium's headers, and the
// partner-backend steps every scenario starts with (create a user, create a member, poll).
import type { Sandbox, WireMember, WireMemberStatus } from "../../src/sandbox/sandbox.js";
import { sleep } from "./time.js";

/** Atrium's Accept value. */
export const ATRIUM_ACCEPT = "application/vnd.mx.atrium.v1+json";
/** MX Bank's documented credential guids (ATRIUM.md "MX Bank"). */
export const MXBANK_LOGIN_GUID = "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1";
export const MXBANK_PASSWORD_GUID = "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d";

type Target = Pick<Sandbox, "url" | "apiKey" | "clientId">;

/** A parsed answer; `body` is the JSON body typed as the caller says (undefined when empty or not JSON). */
export interface AtriumResponse<T> {
  status: number;
  headers: Headers;
  text: string;
  body: T;
}

/** Request options beyond method, path and JSON body. */
export interface AtriumRequestOptions {
  headers?: Record<string, string>;
  /** Sent as is instead of a JSON-encoded body. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** Leave out the authentication headers. */
  noAuth?: boolean;
}

/** The headers a partner backend sends on every Atrium call. */
export function atriumHeaders(target: Target): Record<string, string> {
  return { Accept: ATRIUM_ACCEPT, "MX-API-Key": target.apiKey, "MX-Client-ID": target.clientId };
}

/** Sends one request and parses the answer. */
export async function atrium<T = Record<string, unknown>>(
  target: Target,
  method: string,
  path: string,
  body?: unknown,
  options: AtriumRequestOptions = {},
): Promise<AtriumResponse<T>> {
  const headers: Record<string, string> = {
    ...(options.noAuth ? { Accept: ATRIUM_ACCEPT } : atriumHeaders(target)),
  };
  let payload: string | Uint8Array<ArrayBuffer> | undefined = options.rawBody;
  if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
  if (payload !== undefined) headers["Content-Type"] = "application/json";
  Object.assign(headers, options.headers);
  const response = await fetch(`${target.url}${path}`, {
    method,
    headers,
    ...(payload !== undefined ? { body: payload } : {}),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed as T };
}

export { sleep };

/** `POST /users`; returns the user guid. */
export async function createUser(target: Target, identifier?: string): Promise<string> {
  const res = await atrium<{ user: { guid: string } }>(target, "POST", "/users", {
    user: identifier ? { identifier } : {},
  });
  if (res.status !== 200) throw new Error(`create user answered ${res.status}: ${res.text}`);
  return res.body.user.guid;
}

/** Options of {@link createMember}. */
export interface NewMemberOptions {
  password: string;
  username?: string;
  institutionCode?: string;
  skipAggregation?: boolean;
}

/** `GET /institutions/{code}/credentials` then `POST /users/{u}/members`; returns the created member. */
export async function createMember(
  target: Target,
  userGuid: string,
  options: NewMemberOptions,
): Promise<WireMember> {
  const code = options.institutionCode ?? "mxbank";
  const creds = await atrium<{ credentials: Array<{ guid: string; type: string }> }>(
    target,
    "GET",
    `/institutions/${code}/credentials`,
  );
  const credentials = creds.body.credentials.map((c) => ({
    guid: c.guid,
    value: c.type === "LOGIN" ? (options.username ?? "test_atrium") : options.password,
  }));
  const res = await atrium<{ member: WireMember }>(target, "POST", `/users/${userGuid}/members`, {
    member: { institution_code: code, credentials, skip_aggregation: options.skipAggregation ?? true },
  });
  if (res.status !== 200) throw new Error(`create member answered ${res.status}: ${res.text}`);
  return res.body.member;
}

/** Path of a member endpoint. */
export function memberPath(userGuid: string, memberGuid: string, suffix = ""): string {
  return `/users/${userGuid}/members/${memberGuid}${suffix}`;
}

/** `GET …/status`. */
export async function readStatus(
  target: Target,
  userGuid: string,
  memberGuid: string,
): Promise<WireMemberStatus> {
  const res = await atrium<{ member: WireMemberStatus }>(
    target,
    "GET",
    memberPath(userGuid, memberGuid, "/status"),
  );
  if (res.status !== 200) throw new Error(`status answered ${res.status}: ${res.text}`);
  return res.body.member;
}

/**
 * Polls `GET …/status` every `intervalMs` until `done` holds (default: the job paused on a challenge
 * or ended); returns every reading.
 */
export async function pollStatus(
  target: Target,
  userGuid: string,
  memberGuid: string,
  done: (status: WireMemberStatus) => boolean = (s) =>
    !s.is_being_aggregated || s.connection_status === "CHALLENGED",
  { intervalMs = 10, timeoutMs = 10_000 } = {},
): Promise<WireMemberStatus[]> {
  const readings: WireMemberStatus[] = [];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await readStatus(target, userGuid, memberGuid);
    readings.push(status);
    if (done(status)) return readings;
    if (Date.now() > deadline) throw new Error(`status never settled: ${JSON.stringify(status)}`);
    await sleep(intervalMs);
  }
}
