/**
 * Every operation a newcomer is shown runs here against a real server with the
 * default limits and must answer data without errors: the README's GraphQL
 * blocks, its graphql-ws snippet, its curl walk-through, the landing page's
 * example (also the start banner's, see process-lifecycle.test.ts) and the cost table.
 */
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { getOperationAST, parse, type GraphQLSchema } from "graphql";
import { waitFor, type TestServer } from "../helpers/start-test-server.js";
import { wsClient } from "../helpers/ws-clients.js";
import { EXAMPLE_OPERATION } from "../../src/transport/http/landing-page.js";
import { buildAppSchema } from "../../src/resolvers/build-schema.js";
import { upstreamCost } from "../../src/graphql/upstream-cost.js";
import { useTestServer } from "../helpers/fixtures.js";

const README = readFileSync(fileURLToPath(new URL("../../../README.md", import.meta.url)), "utf8");
const blocks = (language: string): string[] =>
  [...README.matchAll(new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1] ?? "");

interface Example {
  name: string;
  kind: "query" | "mutation" | "subscription";
  text: string;
}
const examples: Example[] = blocks("graphql").map((text) => {
  const operation = getOperationAST(parse(text));
  assert.ok(operation?.name, `a README operation without a name:\n${text}`);
  return { name: operation.name.value, kind: operation.operation, text };
});
const example = (name: string): Example => {
  const found = examples.find((e) => e.name === name);
  assert.ok(found, `the README's ${name} example`);
  return found;
};

let schema: GraphQLSchema;
const server = useTestServer(); // default MAX_QUERY_COST and MAX_QUERY_DEPTH
before(async () => {
  schema = await buildAppSchema();
});

const demo = (): TestServer["sandbox"] & object => server.sandbox!;

async function runOk(query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await server.gql(query, variables);
  assert.equal(res.status, 200);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  assert.ok(res.data);
  return res.data;
}

describe("the README's GraphQL examples run against the server", () => {
  test("every example is one this suite knows how to run", () => {
    const known = new Set(["Members", "Member", "Institution", "Identify", "Watch", "Answer"]);
    for (const e of examples)
      assert.ok(known.has(e.name), `add a run of the new README example ${e.name} here`);
  });

  test("Members, Member and Institution answer data", async () => {
    const members = (await runOk(example("Members").text)) as { members: unknown[] };
    assert.ok(members.members.length >= 6);
    const member = (await runOk(example("Member").text, { guid: demo().demo.members.fourAccounts })) as {
      member: { accounts: Array<{ owners: unknown[] }> };
    };
    assert.equal(member.member.accounts.length, 4);
    await runOk(example("Institution").text);
  });

  test("Identify, Watch and Answer drive a TEXT challenge to CONNECTED", async () => {
    const guid = demo().demo.members.textMfa;
    const client = wsClient(server.wsUrl, server.demoToken);
    const events: Array<{ connectionStatus: string; isFinal: boolean; challenges: Array<{ guid: string }> }> =
      [];
    const errors: unknown[] = [];
    const dispose = client.subscribe<{ memberStatus: (typeof events)[number] }>(
      { query: example("Watch").text, variables: { guid } },
      {
        next: (r) => (r.errors ? errors.push(...r.errors) : r.data && events.push(r.data.memberStatus)),
        error: (e) => errors.push(e),
        complete: () => {},
      },
    );
    try {
      await waitFor(
        () => events.length,
        (n) => n >= 1,
      );
      await runOk(example("Identify").text, { guid });
      const challenged = await waitFor(
        () => events.find((e) => e.connectionStatus === "CHALLENGED"),
        (e) => Boolean(e),
      );
      await runOk(example("Answer").text, {
        guid,
        answers: [{ challengeGuid: challenged!.challenges[0]!.guid, value: "correct" }],
      });
      await waitFor(
        () => events[events.length - 1],
        (e) => e?.connectionStatus === "CONNECTED" && e.isFinal,
      );
      assert.deepEqual(errors, []);
    } finally {
      dispose();
      await client.dispose();
    }
  });

  test("the landing page's (and start banner's) example answers data", async () => {
    const data = (await runOk(EXAMPLE_OPERATION)) as { members: unknown[] };
    assert.ok(data.members.length >= 6);
  });
});

describe("the README's graphql-ws snippet", () => {
  test("runs as printed on this Node version", { timeout: 30_000 }, async () => {
    const snippet = blocks("ts").find((b) => b.includes('from "graphql-ws"'));
    assert.ok(snippet, "the graphql-ws snippet");
    // The snippet is plain JavaScript; `token`, `WATCH`, `guid` and `render` are the reader's own.
    const module = [
      `const token = ${JSON.stringify(server.demoToken)};`,
      `const guid = ${JSON.stringify(demo().demo.members.noMfa)};`,
      `const WATCH = ${JSON.stringify(example("Watch").text)};`,
      `let seen; const first = new Promise((resolve) => (seen = resolve));`,
      `const render = (status) => seen(status);`,
      snippet.replace("ws://localhost:4000/graphql", server.wsUrl),
      `const status = await first; await client.dispose();`,
      `console.log(JSON.stringify(status));`,
    ].join("\n");
    // Beside the compiled tests, so its imports resolve from this project's node_modules.
    const file = fileURLToPath(new URL(`./readme-snippet-${process.pid}.mjs`, import.meta.url));
    writeFileSync(file, module);
    try {
      const { stdout } = await promisify(execFile)(process.execPath, [file], { timeout: 20_000 });
      const status = JSON.parse(stdout) as { connectionStatus?: string };
      assert.ok(status.connectionStatus, stdout);
    } finally {
      rmSync(file, { force: true });
    }
  });
});

describe("the README's curl walk-through", () => {
  test("runs as printed to CONNECTED, answering the challenge", { timeout: 60_000 }, async () => {
    const script = blocks("sh").find((b) => b.includes("answerMfa"));
    assert.ok(script, "the curl walk-through");
    const runnable = script
      .replace(/^URL=.*$/m, `URL=${server.url}`)
      .replace(/^TOKEN=.*$/m, `TOKEN=${server.demoToken}`)
      .replace(/^MEMBER=.*$/m, `MEMBER=${demo().demo.members.textMfa}`);
    const { stdout } = await promisify(execFile)("bash", ["-c", runnable], { timeout: 50_000 });
    const lines = stdout.trim().split("\n");
    for (const line of lines) assert.doesNotMatch(line, /"errors"/, line);
    assert.match(lines[lines.length - 1] ?? "", /"connectionStatus":"CONNECTED".*"ownerName"/);
  });
});

describe("the README's cost table", () => {
  test("states the cost the server computes for each example", () => {
    const row = (label: RegExp): number => {
      const line = README.split("\n").find((l) => l.startsWith("|") && label.test(l));
      assert.ok(line, String(label));
      return Number(line.split("|").at(-2)?.trim());
    };
    const variables = { guid: "MBR-1", answers: [] };
    for (const e of examples) {
      assert.equal(
        row(new RegExp("^\\| `" + e.name + "`")),
        upstreamCost(schema, parse(e.text), variables),
        e.name,
      );
    }
    assert.equal(row(/start banner/), upstreamCost(schema, parse(EXAMPLE_OPERATION), {}));
    const aliases = Array.from({ length: 400 }, (_, i) => `m${i}: member(guid: "MBR-${i}") { guid }`);
    assert.equal(row(/400 aliased/), upstreamCost(schema, parse(`{ ${aliases.join(" ")} }`), {}));
    const full = `{ members { accounts { owners { ownerName } accountNumbers { accountNumber } transactions(perPage: 100) { nodes { guid } } } } }`;
    assert.equal(row(/25 members/), upstreamCost(schema, parse(full), {}));
  });

  test("the 25-member query runs under the default limit", async () => {
    const full = `{ members { accounts { owners { ownerName } accountNumbers { accountNumber } transactions(perPage: 100) { nodes { guid } } } } }`;
    const res = await server.gql(full);
    assert.equal(res.errors, undefined);
  });
});
