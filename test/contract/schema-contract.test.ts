import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { buildSchema, findBreakingChanges, findDangerousChanges, DangerousChangeType } from "graphql";
import { buildAppSchema } from "../../src/resolvers/build-schema.js";
import { printAppSchema, SCHEMA_FILE } from "../../src/print-schema.js";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const contractCopy = `${repoRoot}test/contract/contract.graphql`;
const sharedContract = `${repoRoot}../shared/contract/schema.graphql`;

test("the served schema breaks nothing of the GraphQL contract", async () => {
  const contract = buildSchema(readFileSync(contractCopy, "utf8"));
  const served = await buildAppSchema();
  assert.deepEqual(findBreakingChanges(contract, served), []);
  // Argument defaults are part of the contract too; graphql-js calls their changes "dangerous".
  const defaults = findDangerousChanges(contract, served).filter(
    (c) => c.type === DangerousChangeType.ARG_DEFAULT_VALUE_CHANGE,
  );
  assert.deepEqual(defaults, []);
});

test(
  "the committed contract copy is the shared contract",
  { skip: !existsSync(sharedContract) && "../shared is not beside this checkout" },
  () => {
    assert.equal(readFileSync(contractCopy, "utf8"), readFileSync(sharedContract, "utf8"));
  },
);

test("schema.graphql at the repository root is the served schema (run `npm run schema:print` after a change)", async () => {
  assert.equal(readFileSync(SCHEMA_FILE, "utf8"), await printAppSchema());
});
