/**
 * The small interfaces the subscriptions core is plugged into: where readings
 * come from, how messages travel, who polls, how nudges cross instances, time,
 * and what is measured. In one process each has a built-in default; the Redis
 * versions live in `src/scale-out`.
 */
import type { MemberStatusReading } from "../domain/types.js";
import type { MemberStatusMessage } from "./member-status-message.js";

/**
 * Where the poller reads a member's status: `AtriumApi.readStatusWithChallenges`
 * (`GET …/status`, plus `GET …/challenges` when CHALLENGED); tests use a fake.
 */
export interface StatusSource {
  /**
   * One reading, with its challenges when CHALLENGED. Rejects with an
   * `AtriumError` on upstream failure (`NOT_FOUND` when the member does not
   * exist under that user). Gives up promptly when `signal` aborts: the poller
   * aborts a poll nobody waits for any more (shutdown, last subscriber gone).
   */
  readStatus(userGuid: string, memberGuid: string, signal?: AbortSignal): Promise<MemberStatusReading>;
}

export type StatusListener = (message: MemberStatusMessage) => void;

/** How messages travel from a poll loop to subscribers, on one instance or across several. */
export interface StatusEventBus {
  /** Delivers to every listener of `topic` (on every instance, for a shared bus). */
  publish(topic: string, message: MemberStatusMessage): void | Promise<void>;
  /** Returns the function that removes this listener; calling it twice is harmless. */
  subscribe(topic: string, listener: StatusListener): () => void;
  /**
   * The last message carried on `topic` as this instance knows it (on a shared
   * bus: from any instance, starting with the one stored before this instance
   * listened), or undefined. Known only while the topic has a listener here. A
   * shared bus answers once its stored message has been read.
   */
  last(topic: string): MemberStatusMessage | undefined | Promise<MemberStatusMessage | undefined>;
  /** False while the bus cannot carry messages (a shared bus whose connection is down). */
  isAvailable(): boolean;
  close(): Promise<void>;
}

/**
 * Who polls a member: with several instances exactly one does (a Redis lease,
 * DESIGN.md "Scale-out"); in one process, this one.
 */
export interface PollOwnership {
  /** Try to become the poller of `key`; `false` = another instance polls it. */
  acquire(key: string): boolean | Promise<boolean>;
  /** Called before every poll by the owner; `false` = ownership was lost. */
  renew(key: string): boolean | Promise<boolean>;
  /** The last local subscriber left; let another instance take over. */
  release(key: string): void | Promise<void>;
  /** This instance stopped watching `key` (owner or not; after `release`). */
  leave?(key: string): void | Promise<void>;
}

/** One process, no coordination: this process always polls. The default. */
export const inProcessOwnership: PollOwnership = {
  acquire: () => true,
  renew: () => true,
  release: () => {},
};

/**
 * Nudges across instances: a mutation handled by one instance makes the
 * instance that polls the member poll now. In one process there is none.
 */
export interface NudgeChannel {
  /** Tells the other instances that the member of `topic` changed. */
  send(topic: string): void | Promise<void>;
  /** Calls `handler` with the topic of every nudge from another instance; returns the unlisten function. */
  listen(handler: (topic: string) => void): () => void;
}

/** Opaque: only the clock that made a handle knows what it is. */
export type TimerHandle = object | number;

/** Time behind an interface, so cadence, backoff and teardown are tested on a manual clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Real time; timers are unref'd so a pending poll never keeps the process alive. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  // Only handles made by `systemClock.setTimeout` come back here.
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** What the poller reports; `src/observability/metrics.ts` backs it with Prometheus. */
export interface PollerMetrics {
  /** One upstream status poll started. */
  pollTick(): void;
  /** A message was handed to `count` local subscribers. */
  delivered(count: number): void;
  /** Number of running poll loops (a gauge). */
  activeLoops(n: number): void;
  /** Number of started subscriptions (a gauge). */
  activeSubscriptions(n: number): void;
}

export const noopPollerMetrics: PollerMetrics = {
  pollTick: () => {},
  delivered: () => {},
  activeLoops: () => {},
  activeSubscriptions: () => {},
};

/**
 * The bus topic of one member's status: one per (user, member), never one
 * global topic with a filter. Both parts are URI-encoded so a guid containing
 * `:` (client input) can never name another user's topic.
 */
export function memberStatusTopic(userGuid: string, memberGuid: string): string {
  return `member-status:${encodeURIComponent(userGuid)}:${encodeURIComponent(memberGuid)}`;
}
