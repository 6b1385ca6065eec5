import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./date-time.scalar.js";
import { ConnectionStatus } from "./enums.js";
import type { ConnectionStatusValue } from "../domain/types.js";

/** Member; lists, challenges, status and institution come from MemberResolver. */
// Property fields resolve by graphql-js's default resolver, without type-graphql's middleware chain.
@ObjectType("Member", { simpleResolvers: true })
export class MemberType {
  @Field(() => ID)
  guid!: string;

  @Field(() => ID)
  userGuid!: string;

  @Field(() => String, { nullable: true })
  identifier!: string | null;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String)
  institutionCode!: string;

  @Field(() => ConnectionStatus)
  connectionStatus!: ConnectionStatusValue;

  @Field(() => String, {
    nullable: true,
    description: "Upstream job state of the last request, e.g. INITIATED.",
  })
  status!: string | null;

  @Field(() => Boolean)
  isBeingAggregated!: boolean;

  @Field(() => Boolean)
  isOauth!: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  aggregatedAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true })
  successfullyAggregatedAt!: Date | null;

  @Field(() => String, { nullable: true })
  metadata!: string | null;
}
