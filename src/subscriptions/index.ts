/** The subscriptions module's public surface, for the transports and scale-out. */
export {
  decodeMessage,
  encodeMessage,
  isTerminalMessage,
  type MemberStatusErrorCode,
  type MemberStatusErrorMessage,
  type MemberStatusMessage,
} from "./member-status-message.js";
export { MemberStatusPoller } from "./member-status-poller.js";
export {
  DEFAULT_ERROR_THRESHOLD,
  DEFAULT_MAX_BACKOFF_MS,
  BUS_UNAVAILABLE_MESSAGE,
  type MemberStatusPollerOptions,
  type PollerStats,
} from "./poller-options.js";
export { InMemoryNudgeLimiter, type NudgeLimiter } from "./nudge-limiter.js";
export {
  inProcessOwnership,
  memberStatusTopic,
  noopPollerMetrics,
  systemClock,
  type Clock,
  type NudgeChannel,
  type PollerMetrics,
  type PollOwnership,
  type StatusEventBus,
  type StatusListener,
  type StatusSource,
  type TimerHandle,
} from "./ports.js";
export {
  DEFAULT_BUFFER_SIZE,
  SlidingBufferIterator,
  type SlidingBufferIteratorOptions,
} from "./sliding-buffer-iterator.js";
export { InMemoryStatusEventBus } from "./in-memory-status-event-bus.js";
