/**
 * How the server speaks to MX: Atrium or the Platform API (v20111101). The
 * identify workflow is the same on both; the wire differs in the handful of
 * places this interface names (PLATFORM.md). AtriumClient takes its headers
 * from here and AtriumApi its bodies and normalisation; nothing above them
 * knows which API answers.
 */
import type { WireObject } from "../atrium.wire.js";

import type { UpstreamApiName } from "../../domain/upstream-apis.js";

export type { UpstreamApiName };

export interface UpstreamCredentials {
  apiKey: string;
  clientId: string;
}

/** How `identifyMember`'s `alreadyRunning` is known. */
export type AlreadyRunningRule =
  /** Atrium: 200 = started, 202 = the same job was already running. */
  | "answer-202"
  /**
   * Platform: identify answers 202 either way, so the status read just before
   * tells: a job was running and identify was accepted (not 409) → it is an identify.
   */
  | "prior-read";

export interface UpstreamDialect {
  readonly name: UpstreamApiName;
  /** Documented hosts, first the test environment (README, configuration checks). */
  readonly hosts: readonly string[];
  /** Authentication and version headers sent on every request. */
  headers(credentials: UpstreamCredentials): Record<string, string>;
  /** The identify request body; undefined = none. */
  identifyBody(includeTransactions: boolean): unknown;
  readonly alreadyRunning: AlreadyRunningRule;
  /** True when `…/challenges` is a paginated list to be read page by page. */
  readonly pagedChallenges: boolean;
  /** A member object of this API → Atrium's field names, which the mappers read. */
  normalizeMember(member: WireObject): WireObject;
}
