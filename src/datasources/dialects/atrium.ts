/** Atrium (ATRIUM.md): MX-API-Key / MX-Client-ID headers and its vendor media type. */
import { UPSTREAM_API_HOSTS } from "../../domain/upstream-apis.js";
import type { UpstreamCredentials, UpstreamDialect } from "./upstream-dialect.js";

export const ATRIUM_ACCEPT = "application/vnd.mx.atrium.v1+json";

export const atriumDialect: UpstreamDialect = {
  name: "atrium",
  hosts: UPSTREAM_API_HOSTS.atrium,
  headers: ({ apiKey, clientId }: UpstreamCredentials) => ({
    accept: ATRIUM_ACCEPT,
    "mx-api-key": apiKey,
    "mx-client-id": clientId,
  }),
  // Inside the `member` root, Atrium's convention for every request body (ATRIUM.md lists the field).
  identifyBody: (includeTransactions) =>
    includeTransactions ? { member: { include_transactions: true } } : undefined,
  alreadyRunning: "answer-202",
  pagedChallenges: false,
  normalizeMember: (member) => member,
};
