/**
 * MX Platform API v20111101 (PLATFORM.md, MX's openapi/v20111101.yml): HTTP
 * Basic client_id:api_key, the api vendor type plus Accept-Version, `id` for
 * the partner's identifier, identify without a body.
 */
import { UPSTREAM_API_HOSTS } from "../../domain/upstream-apis.js";
import type { UpstreamCredentials, UpstreamDialect } from "./upstream-dialect.js";

export const PLATFORM_ACCEPT = "application/vnd.mx.api.v1+json";
/** Required on every call since 2026-08-12 (MX migration guide). */
export const PLATFORM_API_VERSION = "v20111101";

export const platformDialect: UpstreamDialect = {
  name: "platform",
  hosts: UPSTREAM_API_HOSTS.platform,
  headers: ({ apiKey, clientId }: UpstreamCredentials) => ({
    accept: PLATFORM_ACCEPT,
    "accept-version": PLATFORM_API_VERSION,
    authorization: `Basic ${Buffer.from(`${clientId}:${apiKey}`).toString("base64")}`,
  }),
  // v20111101 documents no request body for identify (and no include_transactions).
  identifyBody: () => undefined,
  alreadyRunning: "prior-read",
  pagedChallenges: true,
  normalizeMember: (member) => {
    // No job `status` on Platform; the partner's identifier is `id`.
    const { id, ...rest } = member;
    return { ...rest, identifier: id ?? null, status: null };
  },
};
