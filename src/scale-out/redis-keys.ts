/**
 * Every Redis key and channel name the scale-out uses, in one place, under one
 * prefix (so several deployments, or parallel test runs, can share a Redis).
 */

/** Default `REDIS_KEY_PREFIX`. */
export const DEFAULT_KEY_PREFIX = "atrium-graphql:";

export class RedisKeys {
  constructor(readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  /**
   * The instance holding the member's poll lease. Member keys carry the topic as a
   * `{hash tag}`, so they share one Redis Cluster slot and one script may touch them
   * all; topics never contain braces (their guids are URI-encoded).
   */
  lease(topic: string): string {
    return `${this.prefix}lease:{${topic}}`;
  }

  /** Sorted set: instances with local subscribers of the member, scored by when their presence expires. */
  watchers(topic: string): string {
    return `${this.prefix}watchers:{${topic}}`;
  }

  /** The member's last status message ("<version> <json>"), replayed to new subscribers. */
  last(topic: string): string {
    return `${this.prefix}last:{${topic}}`;
  }

  /** The per-member answerMfa lock. */
  mfaLock(memberKey: string): string {
    return `${this.prefix}mfa-lock:${memberKey}`;
  }

  /** Challenge guids of an answer whose outcome is unknown (expires at the in-doubt bound). */
  mfaInFlight(memberKey: string): string {
    return `${this.prefix}mfa-in-flight:${memberKey}`;
  }

  /** Pub/sub channel of the member's status messages. */
  statusChannel(topic: string): string {
    return `${this.prefix}status:${topic}`;
  }

  /** A webhook nudge window (see RedisNudgeLimiter); `key` holds the member topic and the event state. */
  nudgeWindow(key: string): string {
    return `${this.prefix}nudge-window:${key}`;
  }

  /** Pub/sub channel of nudges (one for all members: mutations are rare next to polls). */
  nudgeChannel(): string {
    return `${this.prefix}nudge`;
  }
}
