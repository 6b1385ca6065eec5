import { Field, ID, ObjectType } from "type-graphql";

@ObjectType("AccountOwner", { simpleResolvers: true })
export class AccountOwnerType {
  @Field(() => ID)
  guid!: string;

  @Field(() => ID)
  accountGuid!: string;

  @Field(() => ID)
  memberGuid!: string;

  @Field(() => String, { nullable: true })
  ownerName!: string | null;

  @Field(() => String, { nullable: true })
  address!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true })
  state!: string | null;

  @Field(() => String, { nullable: true })
  postalCode!: string | null;

  @Field(() => String, { nullable: true })
  country!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;
}
