import { Field, Float, ID, ObjectType } from "type-graphql";

/** Account; `accountNumbers`, `owners` and `transactions` come from AccountResolver. */
// Property fields resolve by graphql-js's default resolver, without type-graphql's middleware chain.
@ObjectType("Account", { simpleResolvers: true })
export class AccountType {
  @Field(() => ID)
  guid!: string;

  @Field(() => ID)
  memberGuid!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => String, { nullable: true })
  subtype!: string | null;

  @Field(() => Float, { nullable: true })
  balance!: number | null;

  @Field(() => Float, { nullable: true })
  availableBalance!: number | null;

  @Field(() => String, { nullable: true })
  currencyCode!: string | null;
}
