/**
 * The poller's view of upstream: one status reading per tick, with the
 * challenges when CHALLENGED.
 */
import type { AtriumApi } from "./atrium-api.js";
import type { MemberStatusReading } from "../domain/types.js";

export class AtriumStatusSource {
  constructor(private readonly api: AtriumApi) {}

  readStatus(userGuid: string, memberGuid: string): Promise<MemberStatusReading> {
    return this.api.readStatusWithChallenges(userGuid, memberGuid);
  }
}
