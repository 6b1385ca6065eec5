// Test-only controls (DESIGN.md "Sandbox controls for tests"): inject faults, change latency, speed
// and identification, drive a member's job without waiting on timers, force statuses, and read what
// the sandbox holds. In process they are `sandbox.controls`; over HTTP they are the `/_sandbox/…`
// routes of control-routes.ts.
import type { FaultRule } from "./faults.js";
import { CONNECTION_STATUSES } from "./connection-statuses.js";
import type { WebhookTarget } from "./webhook-sender.js";
import { validateMilliseconds, validateSpeed, type SandboxState } from "./state.js";
import type { MemberRecord } from "./store.js";
import type {
  WireAccount,
  WireAccountNumber,
  WireAccountOwner,
  WireMember,
  WireTransaction,
} from "./wire-types.js";

/** Fields `setMemberStatus` can force. */
export interface MemberStatusPatch {
  connection_status?: string;
  is_being_aggregated?: boolean;
  status?: string;
}

/** Limits `setLatency` to one route template. */
export interface LatencyFilter {
  route?: string;
}

/** The in-process control API. */
export interface SandboxControls {
  /** The next `times` (default 1) matching requests fail as `kind`, changing no state. */
  injectFault(rule: FaultRule): void;
  /** Removes every injected fault rule (the random fault rate stays). */
  clearFaults(): void;
  /** Share (0..1) of requests failed at random with 500/503/429/hang. */
  setFaultRate(rate: number): void;
  /** Latency of every answer, or of one route template's answers (which then ignores the global value). */
  setLatency(ms: number, filter?: LatencyFilter): void;
  /** false → identify answers 403. */
  setIdentificationEnabled(enabled: boolean): void;
  /** Deliver MX webhooks (MEMBER, CONNECTION_STATUS) to this URL from now on; undefined stops them. */
  setWebhookTarget(target: WebhookTarget | undefined): void;
  /** Job speed factor for the steps scheduled from now on. */
  setSpeed(speed: number): void;
  /** Fires the member's next pending job step (or challenge expiry) now; nothing when none is pending. */
  advance(memberGuid: string): void;
  /** Advances until the job ends or waits for an MFA answer. */
  settle(memberGuid: string): void;
  /**
   * Forces statuses, cancelling any running job. Forcing `CHALLENGED` also issues a TEXT challenge
   * (answer `correct`) that does not expire, and defaults `is_being_aggregated` to true and `status`
   * to `CHALLENGED`.
   */
  setMemberStatus(memberGuid: string, patch: MemberStatusPatch): void;
  /** The stored wire member (a copy), or undefined. */
  getMember(memberGuid: string): WireMember | undefined;
  /** The accounts the API currently shows for the member ([] for an unknown member). */
  getAccounts(memberGuid: string): WireAccount[];
  /** The owners the API currently shows (all pages) — empty before a successful identify. */
  getAccountOwners(memberGuid: string): WireAccountOwner[];
  /** The account numbers the API currently shows (all pages). */
  getAccountNumbers(memberGuid: string): WireAccountNumber[];
  /** The transactions the API currently shows without date filters (all pages, newest first). */
  getTransactions(memberGuid: string): WireTransaction[];
}

/** Thrown by controls that name a member the sandbox does not know. */
export class UnknownMemberError extends Error {
  constructor(memberGuid: string) {
    super(`unknown member ${memberGuid}`);
    this.name = "UnknownMemberError";
  }
}

function forceStatus(state: SandboxState, record: MemberRecord, patch: MemberStatusPatch): void {
  if (patch.connection_status !== undefined && !CONNECTION_STATUSES.includes(patch.connection_status)) {
    throw new RangeError(`connection_status must be one of ${CONNECTION_STATUSES.join(", ")}`);
  }
  if (patch.status !== undefined && (typeof patch.status !== "string" || patch.status === "")) {
    throw new RangeError("status must be a non-empty string");
  }
  if (patch.is_being_aggregated !== undefined && typeof patch.is_being_aggregated !== "boolean") {
    throw new TypeError("is_being_aggregated must be a boolean");
  }
  state.jobs.cancel(record);
  record.challenges = [];
  const member = record.member;
  if (patch.connection_status === "CHALLENGED") {
    state.jobs.pauseWithChallenge(record);
    member.connection_status = "CHALLENGED";
    member.status = patch.status ?? "CHALLENGED";
    member.is_being_aggregated = patch.is_being_aggregated ?? true;
    return;
  }
  if (patch.connection_status !== undefined) member.connection_status = patch.connection_status;
  if (patch.status !== undefined) member.status = patch.status;
  if (patch.is_being_aggregated !== undefined) member.is_being_aggregated = patch.is_being_aggregated;
}

/** Builds the control API over the sandbox state. */
export function createControls(state: SandboxState): SandboxControls {
  const record = (memberGuid: string): MemberRecord => {
    const found = state.store.findMember(memberGuid);
    if (found === undefined) throw new UnknownMemberError(memberGuid);
    return found;
  };
  const visible = <T>(memberGuid: string, read: (r: MemberRecord) => T[]): T[] => {
    const found = state.store.findMember(memberGuid);
    return found === undefined ? [] : read(found).map((item) => ({ ...item }));
  };
  const { store, settings } = state;
  return {
    injectFault: (rule) => state.faults.inject(rule),
    clearFaults: () => state.faults.clear(),
    setFaultRate: (rate) => state.faults.setRate(rate),
    setLatency: (ms, filter) => {
      validateMilliseconds(ms, "latency");
      if (filter?.route !== undefined) settings.latencyByRoute.set(filter.route, ms);
      else settings.latencyMs = ms;
    },
    setIdentificationEnabled: (enabled) => {
      settings.identificationEnabled = enabled;
    },
    setWebhookTarget: (target) => {
      if (target !== undefined && !/^https?:\/\//.test(target.url))
        throw new RangeError("url must be http(s)");
      state.webhooks.setTarget(target);
    },
    setSpeed: (speed) => {
      validateSpeed(speed);
      settings.speed = speed;
    },
    advance: (memberGuid) => {
      state.jobs.advance(record(memberGuid));
    },
    settle: (memberGuid) => state.jobs.settle(record(memberGuid)),
    setMemberStatus: (memberGuid, patch) => {
      const target = record(memberGuid);
      forceStatus(state, target, patch);
      state.jobs.changed(target);
    },
    getMember: (memberGuid) => {
      const found = store.findMember(memberGuid);
      return found === undefined ? undefined : { ...found.member };
    },
    getAccounts: (memberGuid) => visible(memberGuid, (r) => store.visibleAccounts(r)),
    getAccountOwners: (memberGuid) => visible(memberGuid, (r) => store.visibleOwners(r)),
    getAccountNumbers: (memberGuid) => visible(memberGuid, (r) => store.visibleAccountNumbers(r)),
    getTransactions: (memberGuid) => visible(memberGuid, (r) => store.visibleTransactions(r)),
  };
}
