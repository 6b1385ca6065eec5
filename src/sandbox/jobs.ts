// Jobs as timed state machines, one per member at a time (ATRIUM.md "The embedded sandbox", "Jobs").
//
//   start ─▶ INITIATED ─step─▶ REQUESTED ─step─▶ (credentials decide)
//     ├─ failure password/username ─▶ DENIED / FAILED+HALTED / LOCKED / … (job ends)
//     ├─ MFA password ─▶ CHALLENGED (paused; expires to EXPIRED unless resumed)
//     │     resume ─▶ RESUMED/RECEIVED ─step─▶ REJECTED (ends) | CHALLENGED (round 2) | CONNECTED/TRANSFERRED
//     └─ otherwise ─▶ CONNECTED/AUTHENTICATED ─step─▶ TRANSFERRED ─step─▶ CONNECTED/COMPLETED (ends)
//
// Each step waits 300–800 ms divided by the speed factor. `advance` fires the pending timer at once.
import { isoSeconds } from "./ids.js";
import { buildChallenge, judgeAnswer, scenarioFor } from "./mxbank-scenarios.js";
import type { MemberRecord } from "./store.js";
import type { Job, JobPhase, JobType } from "./job.types.js";
import type { TimerHandle, TimerRegistry } from "./timers.js";

/** How a new job request relates to the member's running job (202/409 rules of ATRIUM.md). */
export type StartDecision = "start" | "already-running" | "conflict";

/** `start` when idle, `already-running` (202) for the same type, `conflict` (409) for another type. */
export function startDecision(record: MemberRecord, type: JobType): StartDecision {
  if (record.job === undefined) return "start";
  return record.job.type === type ? "already-running" : "conflict";
}

/** What the runner needs from the sandbox. */
export interface JobRunnerDeps {
  timers: TimerRegistry;
  random: () => number;
  now: () => Date;
  /** Current speed factor (read at every step, so setSpeed applies to the next step). */
  speed: () => number;
  /** Told after every start, step and resume (webhooks fire on the changes among them). */
  onChange?: (record: MemberRecord) => void;
}

/** MFA answers not given within 5 minutes (divided by speed) expire the job. */
export const CHALLENGE_TIMEOUT_MS = 5 * 60_000;
/** The `EXPIRED` password expires after this many step delays instead. */
const QUICK_EXPIRY_STEPS = 3;
/** `settle` stops after this many steps, whatever happens (a guard, not a rule). */
const MAX_SETTLE_STEPS = 100;

/** Drives every member's job. */
export class JobRunner {
  constructor(private readonly deps: JobRunnerDeps) {}

  private stepDelay(): number {
    return (300 + this.deps.random() * 500) / this.deps.speed();
  }

  private stamp(): string {
    return isoSeconds(this.deps.now());
  }

  private schedule(record: MemberRecord, job: Job, delay: number, run: () => void): void {
    const pending = {
      handle: undefined as TimerHandle | undefined,
      run: () => {
        if (job.pending === pending) job.pending = undefined;
        if (record.job !== job) return;
        run();
        this.changed(record);
      },
    };
    pending.handle = this.deps.timers.set(pending.run, delay);
    job.pending = pending;
  }

  private next(record: MemberRecord, job: Job, phase: JobPhase): void {
    job.phase = phase;
    this.schedule(record, job, this.stepDelay(), () => this.step(record, job));
  }

  /**
   * Starts a job: `status: INITIATED`, `is_being_aggregated: true`, `aggregated_at` now; the
   * connection status is kept until the job decides (MX's samples show `CONNECTED` + `INITIATED`).
   */
  start(record: MemberRecord, type: JobType, includeTransactions = false): void {
    this.cancel(record);
    const job: Job = {
      type,
      includeTransactions,
      outcome: scenarioFor(record.username, record.password),
      phase: "INITIATED",
      round: 0,
      answer: undefined,
      pending: undefined,
    };
    record.job = job;
    Object.assign(record.member, {
      status: "INITIATED",
      is_being_aggregated: true,
      aggregated_at: this.stamp(),
    });
    record.isAuthenticated = false;
    record.hasProcessedAccounts = false;
    record.hasProcessedTransactions = false;
    record.challenges = [];
    this.next(record, job, "INITIATED");
    this.changed(record);
  }

  /** Tells the listener the member may have changed (also for statuses forced by controls). */
  changed(record: MemberRecord): void {
    this.deps.onChange?.(record);
  }

  private step(record: MemberRecord, job: Job): void {
    switch (job.phase) {
      case "INITIATED":
        record.member.status = "REQUESTED";
        this.next(record, job, "REQUESTED");
        return;
      case "REQUESTED":
        this.authenticate(record, job);
        return;
      case "AUTHENTICATED":
        record.member.status = "TRANSFERRED";
        record.hasProcessedAccounts = true;
        this.next(record, job, "TRANSFERRED");
        return;
      case "TRANSFERRED":
        this.complete(record, job);
        return;
      case "RESUMED":
        this.applyAnswer(record, job);
        return;
      case "CHALLENGED":
        this.finish(record, "EXPIRED", "EXPIRED");
        return;
    }
  }

  private authenticate(record: MemberRecord, job: Job): void {
    const outcome = job.outcome;
    if (outcome.kind === "failed") {
      record.isAuthenticated = outcome.authenticated;
      this.finish(record, outcome.connectionStatus, outcome.jobStatus);
    } else if (outcome.kind === "mfa") {
      record.isAuthenticated = true;
      this.challenge(record, job, 1);
    } else {
      record.isAuthenticated = true;
      Object.assign(record.member, { connection_status: "CONNECTED", status: "AUTHENTICATED" });
      this.next(record, job, "AUTHENTICATED");
    }
  }

  private challenge(record: MemberRecord, job: Job, round: number): void {
    const outcome = job.outcome;
    if (outcome.kind !== "mfa") return;
    job.round = round;
    job.phase = "CHALLENGED";
    record.challenges = [buildChallenge(outcome.challengeType, round)];
    // Still aggregating while challenged (evidence §7 "challenged" status sample).
    Object.assign(record.member, {
      connection_status: "CHALLENGED",
      status: "CHALLENGED",
      is_being_aggregated: true,
    });
    const expiry = outcome.expiresQuickly
      ? QUICK_EXPIRY_STEPS * this.stepDelay()
      : CHALLENGE_TIMEOUT_MS / this.deps.speed();
    this.schedule(record, job, expiry, () => this.step(record, job));
  }

  /**
   * Takes the answer to the pending challenge (the caller has checked the member is CHALLENGED and
   * that every pending challenge is answered): `RESUMED` + `status: RECEIVED` (ATRIUM.md resume row).
   */
  resume(record: MemberRecord, answers: ReadonlyMap<string, string>): void {
    const job = record.job;
    if (job === undefined || job.phase !== "CHALLENGED" || job.outcome.kind !== "mfa") return;
    const allowsFollowUp = job.outcome.allowsFollowUp;
    const verdicts = record.challenges.map((c) =>
      judgeAnswer(allowsFollowUp, job.round, answers.get(c.guid) ?? ""),
    );
    job.answer = verdicts.includes("wrong") ? "wrong" : verdicts.includes("follow-up") ? "follow-up" : "pass";
    this.deps.timers.clear(job.pending?.handle);
    job.pending = undefined;
    record.challenges = [];
    Object.assign(record.member, {
      connection_status: "RESUMED",
      status: "RECEIVED",
      is_being_aggregated: true,
    });
    this.next(record, job, "RESUMED");
    this.changed(record);
  }

  private applyAnswer(record: MemberRecord, job: Job): void {
    if (job.answer === "wrong") {
      this.finish(record, "REJECTED", "REJECTED");
    } else if (job.answer === "follow-up") {
      this.challenge(record, job, job.round + 1);
    } else {
      Object.assign(record.member, { connection_status: "CONNECTED", status: "TRANSFERRED" });
      record.hasProcessedAccounts = true;
      this.next(record, job, "TRANSFERRED");
    }
  }

  private complete(record: MemberRecord, job: Job): void {
    // What each successful job reveals (ATRIUM.md "Data"; account numbers after verify or identify,
    // because identification results are read together with account numbers).
    const gathersTransactions =
      job.type === "aggregate" || job.type === "extend_history" || job.includeTransactions;
    const v = record.visibility;
    v.accounts = true;
    v.transactions ||= gathersTransactions;
    v.owners ||= job.type === "identify";
    v.accountNumbers ||= job.type === "identify" || job.type === "verify";
    record.hasProcessedAccounts = true;
    record.hasProcessedTransactions = gathersTransactions;
    this.finish(record, "CONNECTED", "COMPLETED");
    record.member.successfully_aggregated_at = this.stamp();
  }

  private finish(record: MemberRecord, connectionStatus: string, jobStatus: string): void {
    this.cancel(record);
    record.challenges = [];
    Object.assign(record.member, {
      connection_status: connectionStatus,
      status: jobStatus,
      is_being_aggregated: false,
    });
  }

  /**
   * Puts the member in a paused TEXT challenge that nothing expires (for `setMemberStatus` with
   * `CHALLENGED`): resume with `correct` succeeds like a normal aggregation.
   */
  pauseWithChallenge(record: MemberRecord): void {
    this.cancel(record);
    const job: Job = {
      type: "aggregate",
      includeTransactions: false,
      outcome: { kind: "mfa", challengeType: "TEXT", allowsFollowUp: false, expiresQuickly: false },
      phase: "CHALLENGED",
      round: 1,
      answer: undefined,
      pending: undefined,
    };
    record.job = job;
    record.challenges = [buildChallenge("TEXT", 1)];
  }

  /** Fires the member's pending timer now; false when nothing is pending. */
  advance(record: MemberRecord): boolean {
    const pending = record.job?.pending;
    if (pending === undefined) return false;
    this.deps.timers.clear(pending.handle);
    pending.run();
    return true;
  }

  /** Advances until the job ends or waits for an MFA answer. */
  settle(record: MemberRecord): void {
    for (let i = 0; i < MAX_SETTLE_STEPS; i++) {
      const job = record.job;
      if (job === undefined || job.phase === "CHALLENGED") return;
      if (!this.advance(record)) return;
    }
  }

  /** Drops the member's job and its timer, leaving the member's fields as they are. */
  cancel(record: MemberRecord): void {
    const job = record.job;
    if (job === undefined) return;
    this.deps.timers.clear(job.pending?.handle);
    job.pending = undefined;
    record.job = undefined;
  }
}
