/** Readings, a poller on a fake clock, and a consumer that records what it receives. */
import type { MemberStatusReading } from "../../../../src/domain/types.js";
import type { MemberStatusMessage } from "../../../../src/subscriptions/member-status-message.js";
import {
  MemberStatusPoller,
  type MemberStatusPollerOptions,
} from "../../../../src/subscriptions/member-status-poller.js";
import { InMemoryStatusEventBus } from "../../../../src/subscriptions/index.js";
import { FakeClock, settle } from "./fake-clock.js";
import { FakeStatusSource, type Outcome } from "./fake-status-source.js";

export const USER = "USR-a1";
export const OTHER_USER = "USR-b2";
export const MEMBER = "MBR-m1";
export const OTHER_MEMBER = "MBR-m2";
export const INTERVAL_MS = 1_000;
export const IDLE_INTERVAL_MS = 10_000;

export function reading(overrides: Partial<MemberStatusReading> = {}): MemberStatusReading {
  return {
    memberGuid: MEMBER,
    connectionStatus: "CONNECTED",
    status: "COMPLETED",
    isBeingAggregated: false,
    isAuthenticated: true,
    hasProcessedAccounts: true,
    hasProcessedTransactions: false,
    aggregatedAt: new Date("2025-01-02T03:04:05.000Z"),
    successfullyAggregatedAt: new Date("2025-01-02T03:04:05.000Z"),
    challenges: [],
    ...overrides,
  };
}

/** A job running: CONNECTED while aggregating. */
export const RUNNING = reading({ isBeingAggregated: true, status: "RECEIVED" });
/** Final and idle. */
export const DONE = reading();
export const CREATED = reading({ connectionStatus: "CREATED", status: "INITIATED", isBeingAggregated: true });

export interface Harness {
  clock: FakeClock;
  source: FakeStatusSource;
  bus: InMemoryStatusEventBus;
  poller: MemberStatusPoller;
}

export function createHarness(
  initial: Outcome = RUNNING,
  options: Partial<MemberStatusPollerOptions> = {},
): Harness {
  const clock = new FakeClock();
  const source = new FakeStatusSource(clock, initial);
  const bus = new InMemoryStatusEventBus();
  const poller = new MemberStatusPoller({
    source,
    bus,
    clock,
    intervalMs: INTERVAL_MS,
    idleIntervalMs: IDLE_INTERVAL_MS,
    ...options,
  });
  return { clock, source, bus, poller };
}

/** A short label per message, for order assertions: `CONNECTED*` = aggregating. */
export function label(message: MemberStatusMessage): string {
  if (message.kind === "error") return `error:${message.code}`;
  return `${message.status.connectionStatus}${message.status.isBeingAggregated ? "*" : ""}`;
}

export interface Recorder {
  iterator: AsyncIterableIterator<MemberStatusMessage>;
  messages: MemberStatusMessage[];
  labels(): string[];
  /** Resolves when the iterator ends. */
  ended: Promise<void>;
  isEnded(): boolean;
  /** The consumer leaves (`return()`), as graphql-ws does on complete or socket close. */
  close(): Promise<void>;
}

/** Calls `return()`, which every iterator of the poller has. */
export async function closeIterator(iterator: AsyncIterableIterator<MemberStatusMessage>): Promise<void> {
  await iterator.return?.();
}

/** A consumer that always has a `next()` pending, as graphql-ws does. */
export function record(iterator: AsyncIterableIterator<MemberStatusMessage>): Recorder {
  const messages: MemberStatusMessage[] = [];
  let ended = false;
  const done = (async () => {
    for await (const message of iterator) messages.push(message);
    ended = true;
  })();
  return {
    iterator,
    messages,
    labels: () => messages.map(label),
    ended: done,
    isEnded: () => ended,
    close: () => closeIterator(iterator),
  };
}

/** Records a subscription and lets its first poll settle. */
export async function subscribeAndSettle(
  harness: Harness,
  userGuid = USER,
  memberGuid = MEMBER,
): Promise<Recorder> {
  const recorder = record(harness.poller.subscribe(userGuid, memberGuid));
  await settle();
  return recorder;
}

export { settle };
