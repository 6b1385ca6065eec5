/**
 * What the memberStatus subscription needs from the live-status machinery,
 * kept as an interface so resolvers do not depend on the poller's internals.
 */
import type { MemberStatusView } from "../domain/member-status-rules.js";

export type MemberStatusFeedItem =
  | { kind: "status"; status: MemberStatusView }
  | { kind: "error"; code: string; message: string; retryAfterSeconds?: number };

export interface MemberStatusFeed {
  /** Events for the member of the user: the current status first, then changes. */
  subscribe(userGuid: string, memberGuid: string): AsyncIterableIterator<MemberStatusFeedItem>;
}
