import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("Institution", { simpleResolvers: true })
export class InstitutionType {
  @Field(() => ID)
  code!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  supportsAccountIdentification!: boolean;

  @Field(() => Boolean)
  supportsAccountVerification!: boolean;

  @Field(() => Boolean)
  supportsTransactionHistory!: boolean;
}
