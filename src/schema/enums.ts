/** GraphQL enums: Atrium's own strings (DESIGN.md "API contract"). */
import { registerEnumType } from "type-graphql";
import { CHALLENGE_TYPES, type ChallengeTypeValue, type ConnectionStatusValue } from "../domain/types.js";
import { CONNECTION_STATUSES } from "../domain/member-status-rules.js";

export const ConnectionStatus = Object.fromEntries(CONNECTION_STATUSES.map((s) => [s, s])) as {
  [K in ConnectionStatusValue]: K;
};

export const ChallengeType = Object.fromEntries(CHALLENGE_TYPES.map((t) => [t, t])) as {
  [K in ChallengeTypeValue]: K;
};

registerEnumType(ConnectionStatus, {
  name: "ConnectionStatus",
  description: "Atrium's member connection status, as the upstream API spells it.",
});

registerEnumType(ChallengeType, {
  name: "ChallengeType",
  description: "Atrium's MFA challenge types, as the upstream API spells them.",
});
