// The test fixtures' contract (test/helpers/fixtures.ts): declared order to start, each once the one
// before is up, even at the top level; reverse order to stop, after the suite's tests.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { setUp, useFixture } from "../helpers/fixtures.js";
import { sleep } from "../helpers/time.js";

const log: string[] = [];

function recorded(name: string, startMs: number): { name: string } {
  return useFixture(
    name,
    async () => {
      log.push(`start ${name}`);
      await sleep(startMs);
      log.push(`up ${name}`);
      return { name };
    },
    async () => {
      await sleep(5);
      log.push(`stop ${name}`);
    },
  );
}

const first = recorded("first", 30);
const second = recorded("second", 0);
let seenInSetUp: string | undefined;
setUp(() => {
  seenInSetUp = second.name;
});

describe("a suite's own fixtures", () => {
  const inner = recorded("inner", 10);
  recorded("last", 0);

  test("start in order, one after the other, and read like the thing itself", () => {
    assert.deepEqual(log, [
      "start first",
      "up first",
      "start second",
      "up second",
      "start inner",
      "up inner",
      "start last",
      "up last",
    ]);
    assert.equal(seenInSetUp, "second");
    assert.equal(first.name, "first");
    assert.equal(inner.name, "inner");
    assert.deepEqual({ ...inner }, { name: "inner" });
    assert.equal("name" in inner, true);
  });
});

test("stop after their suite's tests, the last started first", () => {
  assert.deepEqual(log.slice(8), ["stop last", "stop inner"]);
});
