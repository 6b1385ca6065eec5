/** Real graphql-ws clients for tests, on Node's `ws`. */
import { createClient, type Client } from "graphql-ws";
import WebSocket from "ws";

export interface StatusEvent {
  connectionStatus: string;
  isBeingAggregated: boolean;
  isFinal: boolean;
  needsUserAction: boolean;
  userMessage: string | null;
  challenges: Array<{ guid: string; type: string; options: Array<{ value: string }> }>;
}

export const MEMBER_STATUS = `subscription($guid: ID!) {
  memberStatus(memberGuid: $guid) {
    connectionStatus isBeingAggregated isFinal needsUserAction userMessage
    challenges { guid type options { value } }
  }
}`;

/** The mutations a live-status test drives the member with. */
export const IDENTIFY = `mutation($guid: ID!) { identifyMember(memberGuid: $guid) { alreadyRunning } }`;
export const ANSWER = `mutation($guid: ID!, $answers: [MfaAnswerInput!]!) { answerMfa(memberGuid: $guid, answers: $answers) { member { guid } } }`;

/** The job has ended: final, and no aggregation runs. */
export const isDone = (e: StatusEvent | undefined): boolean => Boolean(e?.isFinal && !e.isBeingAggregated);

export function wsClient(url: string, token: string | undefined, options: { lazy?: boolean } = {}): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    lazy: options.lazy ?? true,
    retryAttempts: 0,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Collects one subscription's events; `until` resolves when a predicate holds. */
export class StatusWatcher {
  readonly events: StatusEvent[] = [];
  /** `Date.now()` when each event arrived (same index as `events`). */
  readonly arrivals: number[] = [];
  readonly errors: unknown[] = [];
  completed = false;
  private waiters: Array<{ check: () => boolean; resolve: () => void }> = [];
  readonly dispose: () => void;

  constructor(client: Client, memberGuid: string) {
    this.dispose = client.subscribe<{ memberStatus: StatusEvent }>(
      { query: MEMBER_STATUS, variables: { guid: memberGuid } },
      {
        next: (result) => {
          if (result.errors) this.errors.push(...result.errors);
          if (result.data?.memberStatus) {
            this.events.push(result.data.memberStatus);
            this.arrivals.push(Date.now());
          }
          this.notify();
        },
        error: (error) => {
          this.errors.push(error);
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  get last(): StatusEvent | undefined {
    return this.events[this.events.length - 1];
  }

  until(check: (w: StatusWatcher) => boolean, timeoutMs = 15_000): Promise<void> {
    if (check(this)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new Error(
            `timed out; events: ${JSON.stringify(this.events.map((e) => e.connectionStatus))}; errors: ${JSON.stringify(this.errors)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push({
        check: () => check(this),
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (!w.check()) return true;
      w.resolve();
      return false;
    });
  }
}
