/**
 * The poller's view of upstream: one status reading per tick, with the
 * challenges when CHALLENGED (read separately only when the status body lacks them).
 */
import type { AtriumApi } from "./atrium-api.js";
import type { MemberStatusReading } from "./atrium.types.js";

export class AtriumStatusSource {
  constructor(private readonly api: AtriumApi) {}

  async readStatus(userGuid: string, memberGuid: string): Promise<MemberStatusReading> {
    const reading = await this.api.readStatus(userGuid, memberGuid);
    if (reading.connectionStatus !== "CHALLENGED" || reading.challenges.length > 0) return reading;
    return { ...reading, challenges: await this.api.listChallenges(userGuid, memberGuid) };
  }
}
