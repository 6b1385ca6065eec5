import { test } from "node:test";
import assert from "node:assert/strict";
import { Counter, Histogram, Registry } from "prom-client";
import { BoundCounter, BoundHistogram } from "../../src/observability/bound-series.js";

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// On a bound, between bounds, past the last one, and zero.
const OBSERVATIONS: Array<[string, string, number]> = [
  ["GET", "/users/:user_guid/members", 0.005],
  ["GET", "/users/:user_guid/members", 0.0071],
  ["GET", "/users/:user_guid/members", 12],
  ["PUT", "/users/:user_guid/members/:member_guid/resume", 0],
  ["GET", "/users/:user_guid/members", 0.3],
];

function bothRegistries(): {
  theirs: Registry;
  ours: Registry;
  record: (method: string, route: string, status: string, seconds: number) => void;
  oursHistogram: BoundHistogram<"method" | "route">;
} {
  const theirs = new Registry();
  const ours = new Registry();
  const config = { name: "x_requests_total", help: "h", labelNames: ["method", "route", "status"] as const };
  const histogramConfig = {
    name: "x_duration_seconds",
    help: "d",
    labelNames: ["method", "route"] as const,
    buckets: BUCKETS,
  };
  const theirCounter = new Counter({ ...config, registers: [theirs] });
  const theirHistogram = new Histogram({ ...histogramConfig, registers: [theirs] });
  const ourCounter = new BoundCounter({ ...config, registers: [ours] });
  const oursHistogram = new BoundHistogram({ ...histogramConfig, registers: [ours] });
  return {
    theirs,
    ours,
    oursHistogram,
    record: (method, route, status, seconds) => {
      theirCounter.inc({ method, route, status });
      theirHistogram.observe({ method, route }, seconds);
      ourCounter.series({ method, route, status }).inc();
      oursHistogram.series({ method, route }).observe(seconds);
    },
  };
}

test("bound series expose exactly what prom-client's own counter and histogram do", async () => {
  const { theirs, ours, record } = bothRegistries();
  for (const [method, route, seconds] of OBSERVATIONS) record(method, route, "200", seconds);
  record("GET", "/users/:user_guid/members", "503", 0.02);
  const text = await ours.metrics();
  assert.equal(text, await theirs.metrics());
  assert.match(
    text,
    /x_duration_seconds_bucket\{le="\+Inf",method="GET",route="\/users\/:user_guid\/members"\} 5/,
  );
  assert.deepEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
  // A second scrape hands over nothing twice.
  assert.equal(await ours.metrics(), await theirs.metrics());
  record("GET", "/users/:user_guid/members", "200", 0.04);
  assert.equal(await ours.metrics(), await theirs.metrics());
});

test("resetting zeroes the series in place: a series kept by its caller goes on counting", async () => {
  const { ours, oursHistogram } = bothRegistries();
  const kept = oursHistogram.series({ method: "GET", route: "/r" });
  kept.observe(0.2);
  ours.resetMetrics();
  kept.observe(0.03);
  const text = await ours.metrics();
  assert.match(text, /x_duration_seconds_count\{method="GET",route="\/r"\} 1\n/);
  assert.match(text, /x_duration_seconds_sum\{method="GET",route="\/r"\} 0.03\n/);
});
