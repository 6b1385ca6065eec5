/** GraphQL enums: Atrium's own strings (DESIGN.md "API contract"). */
import { registerEnumType } from "type-graphql";
import type { ChallengeTypeValue, ConnectionStatusValue } from "../datasources/atrium.types.js";
import { CONNECTION_STATUSES } from "../domain/member-status-rules.js";

export const ConnectionStatus = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, s])) as {
  [K in ConnectionStatusValue]: K;
};

export const ChallengeType: { [K in ChallengeTypeValue]: K } = {
  TEXT: "TEXT",
  OPTIONS: "OPTIONS",
  TOKEN: "TOKEN",
  IMAGE_DATA: "IMAGE_DATA",
  IMAGE_OPTIONS: "IMAGE_OPTIONS",
};

registerEnumType(ConnectionStatus, {
  name: "ConnectionStatus",
  description: "Atrium's member connection status, as the upstream API spells it.",
});

registerEnumType(ChallengeType, {
  name: "ChallengeType",
  description: "Atrium's MFA challenge types, as the upstream API spells them.",
});
