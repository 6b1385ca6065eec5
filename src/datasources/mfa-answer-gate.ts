/**
 * Serialises answerMfa per member (DESIGN.md "Retries"): the first caller reaches
 * upstream, concurrent ones are refused at once rather than queued, because a
 * second answer to the same challenge round is never right.
 */
export interface MfaAnswerGate {
  /** True when the caller got the member; it must then call `release`. */
  tryEnter(memberKey: string): Promise<boolean>;
  release(memberKey: string): Promise<void>;
}

export class InMemoryMfaAnswerGate implements MfaAnswerGate {
  private readonly busy = new Set<string>();

  tryEnter(memberKey: string): Promise<boolean> {
    if (this.busy.has(memberKey)) return Promise.resolve(false);
    this.busy.add(memberKey);
    return Promise.resolve(true);
  }

  release(memberKey: string): Promise<void> {
    this.busy.delete(memberKey);
    return Promise.resolve();
  }
}
