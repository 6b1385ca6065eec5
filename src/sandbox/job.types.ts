/** A member's running job, as the store keeps it and the job runner drives it. */
import type { AnswerOutcome, ScenarioOutcome } from "./mxbank-scenarios.js";
import type { TimerHandle } from "./timers.js";

/** The aggregation-type jobs (ATRIUM.md endpoint table). Member creation runs an `aggregate`. */
export type JobType = "aggregate" | "identify" | "verify" | "extend_history";

export type JobPhase = "INITIATED" | "REQUESTED" | "AUTHENTICATED" | "TRANSFERRED" | "CHALLENGED" | "RESUMED";

/** A running job; it lives on its member record until it ends. */
export interface Job {
  readonly type: JobType;
  readonly includeTransactions: boolean;
  readonly outcome: ScenarioOutcome;
  phase: JobPhase;
  /** MFA round (1 or 2) while challenged or resumed. */
  round: number;
  answer: AnswerOutcome | undefined;
  /** The next timed step; while CHALLENGED, the expiry. Undefined: nothing will happen by itself. */
  pending: { handle: TimerHandle | undefined; run: () => void } | undefined;
}
