/**
 * Serialises answerMfa per member (DESIGN.md "Retries"): the first caller reaches
 * upstream, concurrent ones are refused at once rather than queued, because a
 * second answer to the same challenge round is never right.
 *
 * Besides the lock, the gate keeps an "answer in flight" mark: the challenge
 * guids of a resume whose outcome is not known (sent, but timed out or the
 * sender died). While a mark names a still-pending challenge, no instance sends
 * another answer (mfa-answer-once.ts); the mark lapses after a bound.
 */
export interface MfaAnswerGate {
  /** True when the caller got the member; it must then call `release`. */
  tryEnter(memberKey: string): Promise<boolean>;
  release(memberKey: string): Promise<void>;
  /** The challenge guids of an answer still in doubt, if any. */
  inFlight(memberKey: string): Promise<readonly string[] | undefined>;
  /** Marks an answer to these challenges as in flight for `boundMs` (written before the send). */
  markInFlight(memberKey: string, challengeGuids: readonly string[], boundMs: number): Promise<void>;
  /** The answer's outcome is known (or the member left CHALLENGED). */
  clearInFlight(memberKey: string): Promise<void>;
}

export class InMemoryMfaAnswerGate implements MfaAnswerGate {
  private readonly busy = new Set<string>();
  private readonly marks = new Map<string, { guids: readonly string[]; until: number }>();

  tryEnter(memberKey: string): Promise<boolean> {
    if (this.busy.has(memberKey)) return Promise.resolve(false);
    this.busy.add(memberKey);
    return Promise.resolve(true);
  }

  release(memberKey: string): Promise<void> {
    this.busy.delete(memberKey);
    return Promise.resolve();
  }

  inFlight(memberKey: string): Promise<readonly string[] | undefined> {
    const mark = this.marks.get(memberKey);
    if (mark && mark.until <= Date.now()) this.marks.delete(memberKey);
    return Promise.resolve(mark && mark.until > Date.now() ? mark.guids : undefined);
  }

  markInFlight(memberKey: string, challengeGuids: readonly string[], boundMs: number): Promise<void> {
    this.marks.set(memberKey, { guids: challengeGuids, until: Date.now() + boundMs });
    return Promise.resolve();
  }

  clearInFlight(memberKey: string): Promise<void> {
    this.marks.delete(memberKey);
    return Promise.resolve();
  }
}
