/**
 * What a partner backend does directly against MX (here: the sandbox), over real HTTP (global fetch),
 * in either API's dialect: Atrium's MX-API-Key headers, or the Platform API's Basic auth,
 * Accept-Version and `id`. One request function, and the steps every scenario starts with: create a
 * user, create a member, read and poll its status.
 */
import type { Sandbox, WireMember, WireMemberStatus } from "../../src/sandbox/sandbox.js";
import type { UpstreamApiName } from "../../src/datasources/dialects/index.js";
import { sleep } from "./time.js";
import { MXBANK_CREDENTIAL_GUIDS } from "../../src/sandbox/institutions.js";

/** Atrium's Accept value. */
export const ATRIUM_ACCEPT = "application/vnd.mx.atrium.v1+json";
/** The Platform API's Accept value and the version it must name. */
const PLATFORM_ACCEPT = "application/vnd.mx.api.v1+json";
const PLATFORM_VERSION = "v20111101";

/** MX Bank's documented credential guids (ATRIUM.md "MX Bank"). */
export const MXBANK_LOGIN_GUID = MXBANK_CREDENTIAL_GUIDS.login;
export const MXBANK_PASSWORD_GUID = MXBANK_CREDENTIAL_GUIDS.password;

/** Both APIs, for suites that run once per dialect. */
export const UPSTREAM_APIS: readonly UpstreamApiName[] = ["atrium", "platform"];

/** MX Bank's test user: Atrium's guide names `test_atrium`, the Platform API's `mxuser`. */
export const MXBANK_USER: Readonly<Record<UpstreamApiName, string>> = {
  atrium: "test_atrium",
  platform: "mxuser",
};

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
  /** The dialect to speak; default atrium. */
  api?: UpstreamApiName;
  headers?: Record<string, string>;
  /** Sent as is instead of a JSON-encoded body. */
  rawBody?: string | Uint8Array<ArrayBuffer>;
  /** Leave out the authentication headers (Atrium's Accept only). */
  noAuth?: boolean;
}

/** The headers a partner backend sends on every call, in the dialect of `api`. */
export function partnerHeaders(target: Target, api: UpstreamApiName = "atrium"): Record<string, string> {
  if (api === "platform") {
    const basic = Buffer.from(`${target.clientId}:${target.apiKey}`).toString("base64");
    return { accept: PLATFORM_ACCEPT, "accept-version": PLATFORM_VERSION, authorization: `Basic ${basic}` };
  }
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
    ...(options.noAuth ? { Accept: ATRIUM_ACCEPT } : partnerHeaders(target, options.api)),
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

/**
 * `POST /users`; returns the user guid. The partner's own id for the user is `identifier` on
 * Atrium, `id` on the Platform API.
 */
export async function createUser(
  target: Target,
  identifier?: string,
  api: UpstreamApiName = "atrium",
): Promise<string> {
  const key = api === "platform" ? "id" : "identifier";
  const res = await atrium<{ user: { guid: string } }>(
    target,
    "POST",
    "/users",
    { user: identifier ? { [key]: identifier } : {} },
    { api },
  );
  if (res.status !== 200) throw new Error(`create user answered ${res.status}: ${res.text}`);
  return res.body.user.guid;
}

/** Options of {@link createMember}. */
export interface NewMemberOptions {
  /** MX Bank's password picks the scenario (ATRIUM.md "MX Bank"). */
  password: string;
  /** Default: MX Bank's test user of the dialect ({@link MXBANK_USER}). */
  username?: string;
  /** Default mxbank. */
  institutionCode?: string;
  /** Default true: an idle member. */
  skipAggregation?: boolean;
  /** The dialect to speak; default atrium. */
  api?: UpstreamApiName;
}

/**
 * `POST /users/{u}/members`; returns the created member. MX Bank's credential guids are known
 * (documented); another institution's are read first with `GET /institutions/{code}/credentials`.
 */
export async function createMember(
  target: Target,
  userGuid: string,
  options: NewMemberOptions,
): Promise<WireMember> {
  const api = options.api ?? "atrium";
  const code = options.institutionCode ?? "mxbank";
  const username = options.username ?? MXBANK_USER[api];
  const credentials = (await loginFields(target, code, api)).map(({ guid, type }) => ({
    guid,
    value: type === "LOGIN" ? username : options.password,
  }));
  const res = await atrium<{ member: WireMember }>(
    target,
    "POST",
    `/users/${userGuid}/members`,
    { member: { institution_code: code, credentials, skip_aggregation: options.skipAggregation ?? true } },
    { api },
  );
  const created = res.status === 200 || (api === "platform" && res.status === 202);
  if (!created) throw new Error(`create member answered ${res.status}: ${res.text}`);
  return res.body.member;
}

async function loginFields(
  target: Target,
  code: string,
  api: UpstreamApiName,
): Promise<Array<{ guid: string; type: string }>> {
  if (code === "mxbank") {
    return [
      { guid: MXBANK_LOGIN_GUID, type: "LOGIN" },
      { guid: MXBANK_PASSWORD_GUID, type: "PASSWORD" },
    ];
  }
  const res = await atrium<{ credentials: Array<{ guid: string; type: string }> }>(
    target,
    "GET",
    `/institutions/${code}/credentials`,
    undefined,
    { api },
  );
  if (res.status !== 200) throw new Error(`credentials answered ${res.status}: ${res.text}`);
  return res.body.credentials;
}

/**
 * A new user with one idle MX Bank member (password picks the scenario), and a token for that
 * user, set up in the server's own dialect.
 */
export async function freshMember(
  server: { sandbox: Target | undefined; api?: UpstreamApiName; token(userGuid: string): Promise<string> },
  password: string,
): Promise<{ userGuid: string; guid: string; token: string }> {
  const sandbox = server.sandbox;
  if (!sandbox) throw new Error("needs the embedded sandbox");
  const api = server.api ?? "atrium";
  const userGuid = await createUser(sandbox, `test-${password}-${Math.random().toString(36).slice(2)}`, api);
  const { guid } = await createMember(sandbox, userGuid, { password, api });
  return { userGuid, guid, token: await server.token(userGuid) };
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
