/**
 * MX's MEMBER and CONNECTION_STATUS webhook bodies (docs: resources/webhooks/
 * member, resources/webhooks/connection-status) → which member changed and to
 * what. Unknown fields are ignored and nulls expected, as MX asks; other
 * webhook types (member_data_updated, …) are not for this server.
 */

export interface MxWebhookEvent {
  type: "MEMBER" | "CONNECTION_STATUS";
  userGuid: string;
  memberGuid: string;
  /**
   * What the webhook says the member's state is: a repeat of the same state is
   * the same news. `aggregated_at` (MEMBER only) tells one job from the next.
   */
  state: string;
}

const GUID = /^[A-Z]{3}-[A-Za-z0-9-]{1,64}$/;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

function guid(value: unknown, prefix: "USR" | "MBR"): string | undefined {
  const s = text(value);
  return s !== undefined && s.startsWith(`${prefix}-`) && GUID.test(s) ? s : undefined;
}

/** The event a webhook body carries, or undefined when it is not one this server acts on. */
export function parseMxWebhook(body: unknown): MxWebhookEvent | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return undefined;
  const o = body as Record<string, unknown>;
  const type = text(o["type"])?.toUpperCase();
  if (type !== "MEMBER" && type !== "CONNECTION_STATUS") return undefined;
  const userGuid = guid(o["user_guid"], "USR");
  const memberGuid = guid(type === "MEMBER" ? (o["guid"] ?? o["member_guid"]) : o["member_guid"], "MBR");
  if (userGuid === undefined || memberGuid === undefined) return undefined;
  const status = text(o["connection_status"]) ?? "?";
  const aggregating = typeof o["is_being_aggregated"] === "boolean" ? String(o["is_being_aggregated"]) : "?";
  const aggregatedAt = typeof o["aggregated_at"] === "number" ? String(o["aggregated_at"]) : "?";
  return { type, userGuid, memberGuid, state: `${status}|${aggregating}|${aggregatedAt}` };
}
