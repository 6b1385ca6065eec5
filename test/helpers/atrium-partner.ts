/**
 * What a partner backend does directly against MX (here: the sandbox) to set up
 * users and members for tests, over real HTTP, in either API's dialect: Atrium's
 * MX-API-Key headers, or the Platform API's Basic auth, Accept-Version and `id`.
 */
import type { Sandbox } from "../../src/sandbox/sandbox.js";
import type { UpstreamApiName } from "../../src/datasources/dialects/index.js";

const MXBANK_LOGIN = "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1";
const MXBANK_PASSWORD = "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d";

/** Both APIs, for suites that run once per dialect. */
export const UPSTREAM_APIS: readonly UpstreamApiName[] = ["atrium", "platform"];

/** MX Bank's test user: Atrium's guide names `test_atrium`, the Platform API's `mxuser`. */
export const MXBANK_USER: Readonly<Record<UpstreamApiName, string>> = {
  atrium: "test_atrium",
  platform: "mxuser",
};

export function partnerHeaders(sandbox: Sandbox, api: UpstreamApiName): Record<string, string> {
  if (api === "platform") {
    const basic = Buffer.from(`${sandbox.clientId}:${sandbox.apiKey}`).toString("base64");
    return {
      accept: "application/vnd.mx.api.v1+json",
      "accept-version": "v20111101",
      authorization: `Basic ${basic}`,
    };
  }
  return {
    accept: "application/vnd.mx.atrium.v1+json",
    "mx-api-key": sandbox.apiKey,
    "mx-client-id": sandbox.clientId,
  };
}

export async function atriumRequest(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
  api: UpstreamApiName = "atrium",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { ...partnerHeaders(sandbox, api), "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** The partner's own id for a user is `identifier` on Atrium, `id` on the Platform API. */
export async function createUser(
  sandbox: Sandbox,
  identifier: string,
  api: UpstreamApiName = "atrium",
): Promise<string> {
  const user = api === "platform" ? { id: identifier } : { identifier };
  const res = await atriumRequest(sandbox, "POST", "/users", { user }, api);
  if (res.status !== 200) throw new Error(`create user: ${res.status}`);
  return String((res.body["user"] as Record<string, unknown>)["guid"]);
}

/** An idle MX Bank member (skip_aggregation) whose password picks the scenario. */
export async function createMember(
  sandbox: Sandbox,
  userGuid: string,
  password: string,
  institutionCode = "mxbank",
  api: UpstreamApiName = "atrium",
): Promise<string> {
  const res = await atriumRequest(
    sandbox,
    "POST",
    `/users/${userGuid}/members`,
    {
      member: {
        institution_code: institutionCode,
        skip_aggregation: true,
        credentials: [
          { guid: MXBANK_LOGIN, value: MXBANK_USER[api] },
          { guid: MXBANK_PASSWORD, value: password },
        ],
      },
    },
    api,
  );
  if (res.status !== 200 && res.status !== 202) throw new Error(`create member: ${res.status}`);
  return String((res.body["member"] as Record<string, unknown>)["guid"]);
}

/**
 * A new user with one idle MX Bank member (password picks the scenario), and a
 * token for that user, set up in the server's own dialect.
 */
export async function freshMember(
  server: { sandbox: Sandbox | undefined; api?: UpstreamApiName; token(userGuid: string): Promise<string> },
  password: string,
): Promise<{ userGuid: string; guid: string; token: string }> {
  const sandbox = server.sandbox;
  if (!sandbox) throw new Error("needs the embedded sandbox");
  const api = server.api ?? "atrium";
  const userGuid = await createUser(sandbox, `test-${password}-${Math.random().toString(36).slice(2)}`, api);
  const guid = await createMember(sandbox, userGuid, password, "mxbank", api);
  return { userGuid, guid, token: await server.token(userGuid) };
}
