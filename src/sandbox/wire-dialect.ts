// Which MX API a request speaks, from its headers alone (PLATFORM.md "Transport"): the Platform API
// authenticates with HTTP Basic and versions with `Accept-Version` and the `api` vendor type; Atrium
// with `MX-API-Key`/`MX-Client-ID` and the `atrium` vendor type. Each dialect then has its own
// credential check, version check (406) and answer content type; the store behind them is one.
import type { IncomingHttpHeaders } from "node:http";
import { timingSafeEqual } from "node:crypto";
import { ATRIUM_MEDIA_TYPE, hasValidCredentials, isAcceptable } from "./http-io.js";

export type SandboxDialect = "atrium" | "platform";

/** The Platform API's media type and the one version the sandbox speaks (v20111101). */
export const PLATFORM_MEDIA_TYPE = "application/vnd.mx.api.v1+json";
export const PLATFORM_API_VERSION = "v20111101";

/** What the pipeline needs per dialect. */
export interface DialectRules {
  dialect: SandboxDialect;
  authorized: boolean;
  unauthorizedMessage: string;
  /** undefined = acceptable; else the 406 message. */
  versionProblem: string | undefined;
  contentType: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Platform when the request carries Basic auth, `Accept-Version` or the `api` vendor type. */
export function detectDialect(headers: IncomingHttpHeaders): SandboxDialect {
  const authorization = header(headers, "authorization") ?? "";
  if (/^basic\s/i.test(authorization)) return "platform";
  if (header(headers, "accept-version") !== undefined) return "platform";
  const accept = (header(headers, "accept") ?? "").toLowerCase();
  return accept.includes(PLATFORM_MEDIA_TYPE) ? "platform" : "atrium";
}

function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** `Authorization: Basic base64(client_id:api_key)` (MX's upgrade guide). */
export function hasValidBasicAuth(headers: IncomingHttpHeaders, apiKey: string, clientId: string): boolean {
  const match = /^basic\s+(\S+)\s*$/i.exec(header(headers, "authorization") ?? "");
  if (!match?.[1]) return false;
  return sameText(Buffer.from(match[1], "base64").toString("utf8"), `${clientId}:${apiKey}`);
}

/**
 * The Platform API's version rule: `Accept` must allow the api vendor type (or be absent / a
 * wildcard, as for Atrium) and `Accept-Version` must name v20111101 (required since 2026-08-12).
 */
function platformVersionProblem(headers: IncomingHttpHeaders): string | undefined {
  const accept = header(headers, "accept");
  const acceptable =
    accept === undefined ||
    accept.trim() === "" ||
    accept
      .split(",")
      .map((range) => (range.split(";")[0] ?? "").trim().toLowerCase())
      .some((type) => type === PLATFORM_MEDIA_TYPE || type === "*/*" || type === "application/*");
  if (!acceptable) return `the request didn't specify a valid API version (Accept: ${PLATFORM_MEDIA_TYPE})`;
  const version = header(headers, "accept-version")?.trim();
  if (version !== PLATFORM_API_VERSION)
    return `the request didn't specify a valid API version (Accept-Version: ${PLATFORM_API_VERSION})`;
  return undefined;
}

/** The dialect of a request and its rules. */
export function dialectRules(headers: IncomingHttpHeaders, apiKey: string, clientId: string): DialectRules {
  if (detectDialect(headers) === "platform") {
    return {
      dialect: "platform",
      authorized: hasValidBasicAuth(headers, apiKey, clientId),
      unauthorizedMessage: "invalid Basic credentials (client_id:api_key)",
      versionProblem: platformVersionProblem(headers),
      contentType: `${PLATFORM_MEDIA_TYPE}; charset=utf-8`,
    };
  }
  return {
    dialect: "atrium",
    authorized: hasValidCredentials(headers, apiKey, clientId),
    unauthorizedMessage: "invalid MX-API-Key or MX-Client-ID",
    versionProblem: isAcceptable(header(headers, "accept"))
      ? undefined
      : `the request didn't specify a valid API version (Accept: ${ATRIUM_MEDIA_TYPE})`,
    contentType: `${ATRIUM_MEDIA_TYPE}; charset=utf-8`,
  };
}
