/**
 * What a partner backend does directly against Atrium (here: the sandbox) to
 * set up users and members for tests, over real HTTP.
 */
import type { Sandbox } from "../../src/sandbox/sandbox.js";

const MXBANK_LOGIN = "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1";
const MXBANK_PASSWORD = "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d";

export async function atriumRequest(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: {
      accept: "application/vnd.mx.atrium.v1+json",
      "content-type": "application/json",
      "mx-api-key": sandbox.apiKey,
      "mx-client-id": sandbox.clientId,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function createUser(sandbox: Sandbox, identifier: string): Promise<string> {
  const res = await atriumRequest(sandbox, "POST", "/users", { user: { identifier } });
  if (res.status !== 200) throw new Error(`create user: ${res.status}`);
  return String((res.body["user"] as Record<string, unknown>)["guid"]);
}

/** An idle MX Bank member (skip_aggregation) whose password picks the scenario. */
export async function createMember(
  sandbox: Sandbox,
  userGuid: string,
  password: string,
  institutionCode = "mxbank",
): Promise<string> {
  const res = await atriumRequest(sandbox, "POST", `/users/${userGuid}/members`, {
    member: {
      institution_code: institutionCode,
      skip_aggregation: true,
      credentials: [
        { guid: MXBANK_LOGIN, value: "test_atrium" },
        { guid: MXBANK_PASSWORD, value: password },
      ],
    },
  });
  if (res.status !== 200 && res.status !== 202) throw new Error(`create member: ${res.status}`);
  return String((res.body["member"] as Record<string, unknown>)["guid"]);
}

/** A new user with one idle MX Bank member (password picks the scenario), and a token for that user. */
export async function freshMember(
  server: { sandbox: Sandbox | undefined; token(userGuid: string): Promise<string> },
  password: string,
): Promise<{ userGuid: string; guid: string; token: string }> {
  const sandbox = server.sandbox;
  if (!sandbox) throw new Error("needs the embedded sandbox");
  const userGuid = await createUser(sandbox, `test-${password}-${Math.random().toString(36).slice(2)}`);
  const guid = await createMember(sandbox, userGuid, password);
  return { userGuid, guid, token: await server.token(userGuid) };
}
