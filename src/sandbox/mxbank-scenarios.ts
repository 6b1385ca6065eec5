// MX Bank's test credentials → what a job does (ATRIUM.md "MX Bank (`mxbank`) test behaviours").
// Every job type (creation with aggregation, aggregate, identify, verify, extend_history) goes
// through the same outcome, decided from the member's username and password when the job starts.
import { randomGuid } from "./ids.js";
import type { WireChallenge } from "./wire-types.js";

/** The usernames MX Bank accepts: the Atrium guide's and the current MX guide's. */
export const MXBANK_USERNAMES: readonly string[] = ["test_atrium", "mxuser"];

/** The answer (or option value) that passes every MX Bank challenge. */
export const CORRECT_ANSWER = "correct";

/** The challenge types the sandbox issues. */
export type SandboxChallengeType = "TEXT" | "OPTIONS" | "IMAGE_DATA" | "IMAGE_OPTIONS" | "TOKEN";

/** What the job does once it reaches authentication. */
export type ScenarioOutcome =
  | { kind: "connected" }
  | { kind: "mfa"; challengeType: SandboxChallengeType; allowsFollowUp: boolean; expiresQuickly: boolean }
  | { kind: "failed"; connectionStatus: string; jobStatus: string; authenticated: boolean };

function failed(connectionStatus: string, jobStatus: string, authenticated = false): ScenarioOutcome {
  return { kind: "failed", connectionStatus, jobStatus, authenticated };
}

/**
 * The outcome for a username/password pair. Passwords are case-sensitive; an unknown username is
 * DENIED (evidence §6: `LOGIN`/`PASSWORD` ended DENIED on vestibule). The job `status` values for
 * LOCKED, DISABLED, IMPEDED, UNAVAILABLE, SERVER_ERROR are this sandbox's decision (ATRIUM.md marks
 * those outcomes undocumented); they reuse the job statuses seen in MX's example workflows (§4.3).
 */
export function scenarioFor(username: string, password: string): ScenarioOutcome {
  // `image_options` and `token` are sandbox extensions: MX Bank documents no password for IMAGE_OPTIONS
  // or TOKEN questions (ATRIUM.md), so without them no client could exercise those forms.
  if (!MXBANK_USERNAMES.includes(username)) return failed("DENIED", "DENIED");
  switch (password) {
    case "challenge":
      return { kind: "mfa", challengeType: "TEXT", allowsFollowUp: true, expiresQuickly: false };
    case "options":
      return { kind: "mfa", challengeType: "OPTIONS", allowsFollowUp: false, expiresQuickly: false };
    case "image":
      return { kind: "mfa", challengeType: "IMAGE_DATA", allowsFollowUp: false, expiresQuickly: false };
    case "image_options":
      return { kind: "mfa", challengeType: "IMAGE_OPTIONS", allowsFollowUp: false, expiresQuickly: false };
    case "token":
      return { kind: "mfa", challengeType: "TOKEN", allowsFollowUp: false, expiresQuickly: false };
    case "EXPIRED":
      return { kind: "mfa", challengeType: "TEXT", allowsFollowUp: false, expiresQuickly: true };
    case "BAD_REQUEST":
      return failed("FAILED", "HALTED");
    case "UNAUTHORIZED":
    case "INVALID":
      return failed("DENIED", "DENIED");
    case "LOCKED":
      return failed("LOCKED", "LOCKED");
    case "DISABLED":
      return failed("DISABLED", "DISABLED");
    case "SERVER_ERROR":
      return failed("FAILED", "FAILED");
    case "UNAVAILABLE":
      return failed("DEGRADED", "HALTED");
    case "IMPEDED":
      // Login works, the user must act on the institution's site (ATRIUM.md "Connection statuses").
      return failed("IMPEDED", "IMPEDED", true);
    default:
      return { kind: "connected" };
  }
}

/** What an MFA answer leads to at the next job step. */
export type AnswerOutcome = "pass" | "follow-up" | "wrong";

/**
 * Judges one round's answer. `challenge` as the first answer of the `challenge` scenario passes the
 * first question and triggers one follow-up TEXT round (evidence §6 "complicated flow"); `correct`
 * always passes; anything else is wrong (REJECTED).
 */
export function judgeAnswer(allowsFollowUp: boolean, round: number, answer: string): AnswerOutcome {
  if (answer === CORRECT_ANSWER) return "pass";
  if (allowsFollowUp && round === 1 && answer === "challenge") return "follow-up";
  return "wrong";
}

// A valid 1×1 PNG: MX Bank's IMAGE_DATA question only needs something a client can render.
const PIXEL_PNG_BASE64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

/** A small SVG square of one colour as a data URI: IMAGE_OPTIONS choices a person can tell apart. */
function swatch(colour: string): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="48" height="48"><rect width="48" height="48" fill="${colour}"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`;
}

/** Builds a fresh challenge (new `CRD-` guid) of `type` for round `round` (1 or 2). */
export function buildChallenge(type: SandboxChallengeType, round: number): WireChallenge {
  const guid = randomGuid("CRD");
  if (type === "OPTIONS") {
    const label = "Which of these options is correct?";
    return {
      field_name: label,
      guid,
      label,
      options: [
        { label: "incorrect", value: "incorrect" },
        { label: "correct", value: CORRECT_ANSWER },
        { label: "wrong", value: "wrong" },
      ],
      type,
    };
  }
  if (type === "IMAGE_OPTIONS") {
    const label = "Which image is your security image?";
    return {
      field_name: label,
      guid,
      image_options: [
        { data_uri: swatch("#c0392b"), label: "Red square", value: "red" },
        { data_uri: swatch("#2e86c1"), label: "Blue square", value: CORRECT_ANSWER },
        { data_uri: swatch("#28b463"), label: "Green square", value: "green" },
      ],
      label,
      type,
    };
  }
  if (type === "TOKEN") {
    const label = "Enter the one-time code sent to your phone";
    return { field_name: label, guid, label, type };
  }
  if (type === "IMAGE_DATA") {
    const label = "What is shown in this image?";
    return { field_name: label, guid, image_data: PIXEL_PNG_BASE64, label, type };
  }
  // TEXT: the docs' sample question first (evidence §7), another one for the follow-up round.
  const label = round === 1 ? "What city were you born in?" : "What is the name of your first pet?";
  return { field_name: label, guid, label, type };
}
