// The web app explains every error code a client can see (README "Errors") in a sentence.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { test } from "node:test";
import { ERROR_CODES } from "../../src/graphql/errors.js";

const SENTENCES = readFileSync(
  fileURLToPath(new URL("../../../web/src/error-sentences.ts", import.meta.url)),
  "utf8",
);

test("web/src/error-sentences.ts has a customer sentence for every error code", () => {
  const codes = [...ERROR_CODES, "GRAPHQL_PARSE_FAILED", "GRAPHQL_VALIDATION_FAILED", "BAD_REQUEST"];
  for (const code of codes) assert.match(SENTENCES, new RegExp(`\\n  ${code}: \\{`), code);
});

test("retry is offered for UPSTREAM_UNAVAILABLE and AGGREGATION_IN_PROGRESS", () => {
  for (const code of ["UPSTREAM_UNAVAILABLE", "AGGREGATION_IN_PROGRESS"]) {
    const entry = new RegExp(`\\n  ${code}: \\{[^}]*retryable: true`).exec(SENTENCES);
    assert.ok(entry, code);
  }
});
