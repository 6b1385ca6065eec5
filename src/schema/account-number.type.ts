import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("AccountNumber", { simpleResolvers: true })
export class AccountNumberType {
  @Field(() => ID, { nullable: true })
  guid!: string | null;

  @Field(() => ID)
  accountGuid!: string;

  @Field(() => ID)
  memberGuid!: string;

  @Field(() => String, { nullable: true })
  accountNumber!: string | null;

  @Field(() => String, { nullable: true })
  routingNumber!: string | null;

  @Field(() => String, { nullable: true })
  institutionNumber!: string | null;

  @Field(() => String, { nullable: true })
  transitNumber!: string | null;
}
