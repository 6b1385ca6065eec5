/**
 * A webhook as a push beside the poller: it only nudges the member's poll loop
 * (on whichever instance polls it, through the nudge channel), so the next
 * status reaches subscribers within one upstream round trip. The poller stays
 * the source of truth and the failsafe ("don't rely on webhooks as triggers in
 * your UX", MX). Repeats are bounded: one state of one member passes at most
 * once per poll interval, so 1,000 repeated webhooks cost at most one extra poll.
 */
import type { NudgeLimiter } from "../subscriptions/index.js";
import { memberStatusTopic } from "../subscriptions/index.js";
import type { MxWebhookEvent } from "./mx-webhook-event.js";

export interface WebhookNudgesDeps {
  limiter: NudgeLimiter;
  /** `MemberStatusPoller.nudge`. */
  nudge: (userGuid: string, memberGuid: string) => void;
  /** The window: POLL_INTERVAL_MS. */
  windowMs: number;
}

export type NudgeOutcome = "nudged" | "repeat";

export async function nudgeForWebhook(deps: WebhookNudgesDeps, event: MxWebhookEvent): Promise<NudgeOutcome> {
  const key = `${memberStatusTopic(event.userGuid, event.memberGuid)}|${event.state}`;
  if (!(await deps.limiter.tryPass(key, deps.windowMs))) return "repeat";
  deps.nudge(event.userGuid, event.memberGuid);
  return "nudged";
}
