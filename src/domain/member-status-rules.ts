/**
 * What a connection status means for a UI: final or not, whether the end user
 * must act, and a short message. The table is ATRIUM.md "Connection statuses";
 * the "done" rules are MX's Connect widget's (atrium-evidence.md §4.2).
 */
import type { ConnectionStatusValue, MemberStatusReading } from "./types.js";

interface StatusRule {
  /** The end user must do something (answer MFA, fix credentials, act at the bank). */
  userMustAct: boolean;
  /** Final once no job runs; `false` = transient or paused, a change will still come. */
  finalWhenIdle: boolean;
  message: string;
}

const RULES: Record<ConnectionStatusValue, StatusRule> = {
  CREATED: { userMustAct: false, finalWhenIdle: false, message: "Connecting to your institution…" },
  PREVENTED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "The last attempts to connect failed. Please re-enter your credentials.",
  },
  DENIED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "The credentials entered do not match those at your institution. Please re-enter them.",
  },
  CHALLENGED: {
    userMustAct: true,
    finalWhenIdle: false,
    message: "Your institution needs more information. Please answer the security question.",
  },
  REJECTED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "The answer provided was incorrect. Please try again.",
  },
  LOCKED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "Your institution has locked this login. Please contact your institution.",
  },
  CONNECTED: { userMustAct: false, finalWhenIdle: true, message: "Connected." },
  IMPEDED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "Your login worked, but your institution needs your attention on its website.",
  },
  RECONNECTED: { userMustAct: false, finalWhenIdle: false, message: "Reconnecting to your institution…" },
  DEGRADED: {
    userMustAct: false,
    finalWhenIdle: true,
    message: "This connection is having trouble. Please try again later.",
  },
  DISCONNECTED: {
    userMustAct: false,
    finalWhenIdle: true,
    message: "Data from your institution cannot be imported right now.",
  },
  DISCONTINUED: {
    userMustAct: false,
    finalWhenIdle: true,
    message: "Connections to this institution are no longer supported.",
  },
  CLOSED: { userMustAct: false, finalWhenIdle: true, message: "This connection has been closed." },
  DELAYED: {
    userMustAct: false,
    finalWhenIdle: false,
    message: "Connecting is taking longer than usual…",
  },
  FAILED: {
    userMustAct: false,
    finalWhenIdle: true,
    message: "We could not get data from your institution. Please try again later.",
  },
  UPDATED: { userMustAct: false, finalWhenIdle: false, message: "Connecting with your updated credentials…" },
  DISABLED: {
    userMustAct: false,
    finalWhenIdle: true,
    message: "Data updates for this connection are disabled.",
  },
  IMPORTED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "Please enter your credentials to finish connecting.",
  },
  RESUMED: { userMustAct: false, finalWhenIdle: false, message: "Answer received. Continuing…" },
  EXPIRED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "The answer was not provided in time. Please try again.",
  },
  IMPAIRED: {
    userMustAct: true,
    finalWhenIdle: true,
    message: "Some credentials are missing. Please re-enter your credentials.",
  },
  PENDING: {
    userMustAct: true,
    finalWhenIdle: false,
    message: "Please finish signing in with your institution.",
  },
};

const NOT_STARTED_MESSAGE = "Not connected yet. Start verification to connect to your institution.";

export interface StatusMeaning {
  isFinal: boolean;
  needsUserAction: boolean;
  userMessage: string;
}

/**
 * Final only when no job runs: `CONNECTED` is done only when `is_being_aggregated`
 * is false, and an error status is final only once aggregation has stopped (DESIGN.md).
 */
export function describeStatus(
  reading: Pick<MemberStatusReading, "connectionStatus" | "isBeingAggregated">,
): StatusMeaning {
  if (reading.connectionStatus === "CREATED" && !reading.isBeingAggregated) {
    // Created with skip_aggregation and never connected: nothing changes until a job starts.
    return { isFinal: true, needsUserAction: false, userMessage: NOT_STARTED_MESSAGE };
  }
  const rule = RULES[reading.connectionStatus];
  const isFinal = rule.finalWhenIdle && !reading.isBeingAggregated;
  const userMessage =
    reading.connectionStatus === "CONNECTED" && reading.isBeingAggregated
      ? "Connected. Getting your data…"
      : rule.message;
  return { isFinal, needsUserAction: rule.userMustAct, userMessage };
}

export const CONNECTION_STATUSES = Object.keys(RULES) as ConnectionStatusValue[];

export function isConnectionStatus(value: unknown): value is ConnectionStatusValue {
  return typeof value === "string" && Object.hasOwn(RULES, value);
}

/** The event pushed by the memberStatus subscription and returned by Member.memberStatus. */
export interface MemberStatusView extends MemberStatusReading, StatusMeaning {}

export function toStatusView(reading: MemberStatusReading): MemberStatusView {
  return { ...reading, ...describeStatus(reading) };
}
