/**
 * Bus topics: one per (user, member), never one global topic with a filter, so a
 * publish touches only that member's subscribers.
 */

/**
 * The topic of one member's status events, e.g. `member-status:USR-1:MBR-2`. Both
 * parts are URI-encoded so a guid containing `:` (client input) can never produce
 * another user's topic.
 */
export function memberStatusTopic(userGuid: string, memberGuid: string): string {
  return `member-status:${encodeURIComponent(userGuid)}:${encodeURIComponent(memberGuid)}`;
}
