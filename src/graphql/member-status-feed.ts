/**
 * What the memberStatus subscription needs from the live-status machinery,
 * kept as an interface so resolvers do not depend on the poller's internals.
 */
import type { MemberStatusMessage } from "../subscriptions/member-status-message.js";

/** A status or an error, exactly as the poller publishes it. */
export type MemberStatusFeedItem = MemberStatusMessage;

export interface MemberStatusFeed {
  /** Events for the member of the user: the current status first, then changes. */
  subscribe(userGuid: string, memberGuid: string): AsyncIterableIterator<MemberStatusFeedItem>;
}
