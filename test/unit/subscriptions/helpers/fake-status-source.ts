/**
 * A scripted StatusSource: a standing outcome plus one-shot queued outcomes,
 * optional latency on the fake clock, and counters for calls, overlap and aborts.
 */
import type { MemberStatusReading } from "../../../../src/domain/types.js";
import type { TimerHandle } from "../../../../src/subscriptions/ports.js";
import type { StatusSource } from "../../../../src/subscriptions/ports.js";
import type { FakeClock } from "./fake-clock.js";

/** What one poll gets: a reading, or an error to reject with. */
export type Outcome = MemberStatusReading | Error;

export interface SourceCall {
  userGuid: string;
  memberGuid: string;
  at: number;
}

export class FakeStatusSource implements StatusSource {
  readonly calls: SourceCall[] = [];
  inFlight = 0;
  maxInFlight = 0;
  aborted = 0;
  /** Fake-clock ms each call takes; 0 answers on the next microtask. */
  latencyMs = 0;
  /** False: behave like a client that cannot cancel a request and answers anyway. */
  honoursAbort = true;
  private standing: Outcome;
  private readonly queued: Outcome[] = [];

  constructor(
    private readonly clock: FakeClock,
    initial: Outcome,
  ) {
    this.standing = initial;
  }

  /** Every later poll gets this (after any queued outcomes). */
  set(outcome: Outcome): void {
    this.standing = outcome;
  }

  /** The next polls get these, in order, then the standing outcome again. */
  queue(...outcomes: Outcome[]): void {
    this.queued.push(...outcomes);
  }

  readStatus(userGuid: string, memberGuid: string, signal?: AbortSignal): Promise<MemberStatusReading> {
    this.calls.push({ userGuid, memberGuid, at: this.clock.now() });
    const outcome = this.queued.shift() ?? this.standing;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise<MemberStatusReading>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const onAbort = (): void => {
        if (timer !== undefined) this.clock.clearTimeout(timer);
        this.inFlight--;
        this.aborted++;
        reject(new DOMException("The operation was aborted.", "AbortError"));
      };
      const answer = (): void => {
        signal?.removeEventListener("abort", onAbort);
        this.inFlight--;
        // A fresh object per call, as a real source makes: change detection must compare values.
        if (outcome instanceof Error) reject(outcome);
        else resolve(structuredClone(outcome));
      };
      if (this.honoursAbort) signal?.addEventListener("abort", onAbort, { once: true });
      if (this.latencyMs > 0) timer = this.clock.setTimeout(answer, this.latencyMs);
      else queueMicrotask(answer);
    });
  }
}
