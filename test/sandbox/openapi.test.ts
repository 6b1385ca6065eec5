// GET /openapi.json: a valid OpenAPI 3 description (checked by swagger-parser) that lists exactly the
// sandbox's Atrium routes, and whose answer schemas match what the routes answer.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import SwaggerParser from "@apidevtools/swagger-parser";
import { ATRIUM_ROUTES } from "../../src/sandbox/routes/index.js";
import { atrium } from "../helpers/sandbox-http.js";
import { useSandbox } from "../helpers/fixtures.js";

const sandbox = useSandbox({ speed: 20 });

type Doc = {
  servers: Array<{ url: string }>;
  paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
};

async function description(): Promise<Doc> {
  const res = await fetch(`${sandbox.url}/openapi.json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get("content-type") ?? "", /application\/json/);
  return (await res.json()) as Doc;
}

describe("the sandbox's OpenAPI description", () => {
  it("is valid OpenAPI 3, served without keys, pointing at the sandbox", async () => {
    const doc = await description();
    await SwaggerParser.validate(structuredClone(doc) as never);
    assert.equal(doc.servers[0]?.url, sandbox.url);
    assert.equal(sandbox.calls.count(), 0);
  });

  it("lists exactly the sandbox's routes, each with a distinct operationId", async () => {
    const doc = await description();
    const listed = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const routes = ATRIUM_ROUTES.map((r) => `${r.method} ${r.template.replace(/:([a-z_]+)/g, "{$1}")}`);
    assert.deepEqual(listed.sort(), routes.sort());
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    assert.equal(new Set(ids).size, ids.length);
  });

  it("describes what a route answers: listMembers' root and pagination", async () => {
    const doc = await description();
    const deref = (await SwaggerParser.dereference(structuredClone(doc) as never)) as unknown as Doc;
    const op = deref.paths["/users/{user_guid}/members"]?.["get"];
    const schema = (
      op?.responses["200"] as {
        content: Record<string, { schema: { properties: Record<string, { type?: string }> } }>;
      }
    ).content["application/vnd.mx.atrium.v1+json"]!.schema;
    const res = await atrium(sandbox, "GET", `/users/${sandbox.demo.userGuid}/members`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body as object).sort(), Object.keys(schema.properties).sort());
    assert.equal(schema.properties["members"]?.type, "array");
  });
});
