// The sandbox's mutable state, shared by the API routes, the control routes and the in-process controls.
import type { FaultPlan } from "./faults.js";
import type { JobRunner } from "./jobs.js";
import type { SandboxStore } from "./store.js";
import type { WebhookSender } from "./webhook-sender.js";

/** Settings that tests may change while the sandbox runs. */
export interface SandboxSettings {
  /** false → identify answers 403 (ATRIUM.md: identification not enabled for the client). */
  identificationEnabled: boolean;
  /** Job speed factor (2 = steps twice as fast). */
  speed: number;
  /** Latency added to every answer, unless a route-specific value applies. */
  latencyMs: number;
  /** Route template → latency that replaces `latencyMs` for that route. */
  latencyByRoute: Map<string, number>;
  /** How long a "hang" fault holds a request before destroying its socket. */
  hangMs: number;
}

/** Everything a handler can reach. */
export interface SandboxState {
  store: SandboxStore;
  jobs: JobRunner;
  faults: FaultPlan;
  settings: SandboxSettings;
  now: () => Date;
  /** MX webhooks of member changes (delivered once a target is set). */
  webhooks: WebhookSender;
}

/** Throws a RangeError unless `speed` is a positive finite number. */
export function validateSpeed(speed: number): void {
  if (!Number.isFinite(speed) || speed <= 0) throw new RangeError("speed must be a positive number");
}

/** Throws a RangeError unless `ms` is a non-negative finite number. */
export function validateMilliseconds(ms: number, name: string): void {
  if (!Number.isFinite(ms) || ms < 0)
    throw new RangeError(`${name} must be a non-negative number of milliseconds`);
}
