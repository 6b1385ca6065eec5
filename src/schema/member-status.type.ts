import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./date-time.scalar.js";
import { ConnectionStatus } from "./enums.js";
import { MfaChallengeType } from "./mfa-challenge.type.js";
import type { ConnectionStatusValue } from "../domain/types.js";

@ObjectType("MemberStatus", {
  simpleResolvers: true,
  description: "A point-in-time view of a member's aggregation / identification job.",
})
export class MemberStatusType {
  @Field(() => ID)
  memberGuid!: string;

  @Field(() => ConnectionStatus)
  connectionStatus!: ConnectionStatusValue;

  @Field(() => String, {
    nullable: true,
    description: "Upstream job state, e.g. INITIATED (deprecated upstream).",
  })
  status!: string | null;

  @Field(() => Boolean)
  isBeingAggregated!: boolean;

  @Field(() => Boolean, { nullable: true })
  isAuthenticated!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasProcessedAccounts!: boolean | null;

  @Field(() => Boolean, { nullable: true })
  hasProcessedTransactions!: boolean | null;

  @Field(() => DateTimeScalar, { nullable: true })
  aggregatedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  successfullyAggregatedAt!: Date | null;

  @Field(() => [MfaChallengeType], {
    description: "Challenges to answer; non-empty only while connectionStatus is CHALLENGED.",
  })
  challenges!: MfaChallengeType[];

  @Field(() => Boolean, {
    description: "True when the job has ended and no further status change will come without a new request.",
  })
  isFinal!: boolean;

  @Field(() => Boolean, {
    description: "True when the end user must act (answer MFA, fix credentials, unlock the account).",
  })
  needsUserAction!: boolean;

  @Field(() => String, {
    nullable: true,
    description: "A short message for the end user about this status, written for display in a UI.",
  })
  userMessage!: string | null;
}
