/** The subscriptions module's public surface, for the graphql-ws wiring. */
export { systemClock, type Clock, type TimerHandle } from "./clock.js";
export {
  decodeMessage,
  encodeMessage,
  isTerminalMessage,
  type MemberStatusErrorCode,
  type MemberStatusErrorMessage,
  type MemberStatusMessage,
} from "./member-status-message.js";
export {
  DEFAULT_ERROR_THRESHOLD,
  DEFAULT_MAX_BACKOFF_MS,
  BUS_UNAVAILABLE_MESSAGE,
  MemberStatusPoller,
  type MemberStatusPollerOptions,
  type PollerStats,
} from "./member-status-poller.js";
export type { NudgeChannel } from "./nudge-channel.js";
export { InMemoryNudgeLimiter, type NudgeLimiter } from "./nudge-limiter.js";
export { inProcessOwnership, type PollOwnership } from "./poll-ownership.js";
export type { PollerLogger } from "./poller-logger.js";
export { noopPollerMetrics, type PollerMetrics } from "./poller-metrics.js";
export {
  DEFAULT_BUFFER_SIZE,
  SlidingBufferIterator,
  type SlidingBufferIteratorOptions,
} from "./sliding-buffer-iterator.js";
export { InMemoryStatusEventBus, type StatusEventBus, type StatusListener } from "./status-event-bus.js";
export type { StatusSource } from "./status-source.js";
export { memberStatusTopic } from "./topics.js";
