/**
 * answerMfa exactly once, even when an earlier answer's outcome is in doubt.
 *
 * Under the member's lock: read the pending challenges; if an answer to any of
 * them is marked in flight (sent by this or another instance, outcome unknown),
 * refuse with MFA_NOT_PENDING; otherwise mark this answer in flight *before*
 * sending it (so a sender that dies mid-request still leaves the mark), send,
 * and clear the mark once the outcome is known. A resume that fails in a way
 * that may have reached upstream (timeout, network error, 5xx) keeps the mark
 * until the member leaves CHALLENGED (its pending challenges change) or the
 * bound passes.
 */
import { AtriumError } from "./atrium-errors.js";
import type { MfaAnswer, MfaChallenge } from "../domain/types.js";
import type { MfaAnswerGate } from "./mfa-answer-gate.js";

export interface AnswerOnceSteps<T> {
  /** Checks the member exists and reads its pending challenges. */
  readPending(): Promise<MfaChallenge[]>;
  resume(answers: MfaAnswer[]): Promise<T>;
}

/** True when a failed resume may still have been applied upstream. */
export function outcomeInDoubt(error: unknown): boolean {
  if (!(error instanceof AtriumError) || error.code !== "UPSTREAM_UNAVAILABLE") return false;
  const status = error.details.httpStatus;
  return status === undefined || status >= 500;
}

export async function answerOnce<T>(
  gate: MfaAnswerGate,
  key: string,
  answers: MfaAnswer[],
  steps: AnswerOnceSteps<T>,
  inDoubtMs: number,
): Promise<T> {
  if (!(await gate.tryEnter(key))) {
    throw new AtriumError("MFA_NOT_PENDING", { cause: "another answer for this member is in flight" });
  }
  try {
    const pending = await steps.readPending();
    const doubtful = await gate.inFlight(key);
    const pendingGuids = new Set(pending.map((c) => c.guid));
    if (doubtful?.some((guid) => pendingGuids.has(guid))) {
      throw new AtriumError("MFA_NOT_PENDING", { cause: "an earlier answer's outcome is not known yet" });
    }
    // The member left the round the mark was about (or it lapsed).
    if (doubtful) await gate.clearInFlight(key);
    if (pending.length === 0) throw new AtriumError("MFA_NOT_PENDING");
    const unknown = answers.find((a) => !pendingGuids.has(a.challengeGuid));
    if (unknown) {
      throw new AtriumError(
        "BAD_USER_INPUT",
        {},
        `Challenge ${unknown.challengeGuid} is not pending for this member.`,
      );
    }
    await gate.markInFlight(key, [...pendingGuids], inDoubtMs);
    try {
      const result = await steps.resume(answers);
      await gate.clearInFlight(key);
      return result;
    } catch (error) {
      if (!outcomeInDoubt(error)) await gate.clearInFlight(key);
      throw error;
    }
  } finally {
    await gate.release(key);
  }
}
