import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, validate } from "graphql";
import { buildAppSchema } from "../../src/resolvers/build-schema.js";
import { ERROR_CODES } from "../../src/graphql/errors.js";
import { CONFIG_VARIABLES } from "../../src/config.js";
import { useSandbox } from "../helpers/fixtures.js";

const readDoc = (path: string): string =>
  readFileSync(fileURLToPath(new URL(`../../../${path}`, import.meta.url)), "utf8");
const README = readDoc("README.md");
const SANDBOX_README = readDoc("src/sandbox/README.md");

function blocks(language: string, text = README): string[] {
  const pattern = new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g");
  return [...text.matchAll(pattern)].map((m) => m[1] ?? "");
}

describe("the README", () => {
  test("every GraphQL example validates against the served schema", async () => {
    const schema = await buildAppSchema();
    const examples = blocks("graphql");
    assert.ok(examples.length >= 6);
    for (const example of examples) {
      assert.deepEqual(validate(schema, parse(example)), [], example);
    }
  });

  test("documents every error code and every configuration variable", () => {
    for (const code of ERROR_CODES) assert.ok(README.includes(`| \`${code}\``), code);
    for (const variable of CONFIG_VARIABLES) assert.ok(README.includes(`\`${variable}\``), variable);
  });
});

describe("the README's sandbox curl sequence", () => {
  const sandbox = useSandbox(); // default speed: the sequence's sleeps must hold as printed

  for (const [doc, text] of [
    ["README.md", README],
    ["src/sandbox/README.md", SANDBOX_README],
  ] as const) {
    test(`works as printed against the sandbox (${doc})`, { timeout: 60_000 }, async () => {
      const script = blocks("sh", text).find((b) => b.includes("MEMBER_GUID=$(curl"));
      assert.ok(script, "the curl block");
      assert.match(script, /^B=http:\/\/127\.0\.0\.1:4010$/m);
      const runnable = script.replace(/^B=.*$/m, `B=${sandbox.url}`);
      const { stdout: output } = await promisify(execFile)("bash", ["-c", runnable], { timeout: 50_000 });
      const lines = output.trim().split("\n");
      assert.match(lines[0] ?? "", /"credentials":\[/);
      assert.match(output, /"connection_status":"CHALLENGED"/);
      assert.match(output, /"connection_status":"RESUMED"/);
      const finalStatus = lines[lines.length - 2] ?? "";
      assert.match(finalStatus, /"connection_status":"CONNECTED"/);
      assert.match(finalStatus, /"is_being_aggregated":false/);
      const owners = JSON.parse(lines[lines.length - 1] ?? "{}") as { account_owners?: unknown[] };
      assert.ok((owners.account_owners?.length ?? 0) > 0, "owners after identification");
    });
  }
});
