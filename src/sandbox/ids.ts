// GUIDs in Atrium's shape: a resource prefix and a uuid-like hex body,
// e.g. `MBR-7c6f361b-e582-15b6-60c0-358f12466b4b` (ATRIUM.md "Transport").
import { createHash, randomBytes } from "node:crypto";

/** The prefixes Atrium uses, per resource. */
export type GuidPrefix = "USR" | "MBR" | "ACT" | "TRN" | "CRD" | "ACN" | "ACO" | "MCH";

function formatUuidLike(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** A fresh random guid such as `USR-…` for users, members and challenges. */
export function randomGuid(prefix: GuidPrefix): string {
  return `${prefix}-${formatUuidLike(randomBytes(16).toString("hex"))}`;
}

/**
 * A guid derived from its parts by hashing, so generated data (accounts, owners, transactions…)
 * gets the same guids every time it is generated for the same member.
 */
export function derivedGuid(prefix: GuidPrefix, ...parts: Array<string | number>): string {
  const hex = createHash("sha256").update(parts.join("/")).digest("hex");
  return `${prefix}-${formatUuidLike(hex)}`;
}

/** Atrium's timestamp format: ISO 8601 without milliseconds (`2018-06-25T20:04:19Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
