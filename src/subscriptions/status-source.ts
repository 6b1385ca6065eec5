/**
 * Where the poller reads a member's status from. The real implementation wraps the
 * Atrium data source (`GET /users/{user_guid}/members/{member_guid}/status`, plus
 * `GET .../challenges` when the status is CHALLENGED); tests use a scripted fake.
 */
import type { MemberStatusReading } from "../datasources/atrium.types.js";

export interface StatusSource {
  /**
   * One reading of the member's status, with its challenges when CHALLENGED.
   * Rejects with an `AtriumError` on upstream failure (`NOT_FOUND` when the member
   * does not exist under that user). Should give up promptly when `signal` aborts:
   * the poller aborts a poll whose result nobody is waiting for any more.
   */
  readStatus(userGuid: string, memberGuid: string, signal?: AbortSignal): Promise<MemberStatusReading>;
}
