import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { DateTimeScalar } from "./date-time.scalar.js";

@ObjectType("Transaction", { simpleResolvers: true })
export class TransactionType {
  @Field(() => ID)
  guid!: string;

  @Field(() => ID)
  accountGuid!: string;

  @Field(() => Float)
  amount!: number;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  date!: string | null;

  @Field(() => DateTimeScalar, { nullable: true })
  postedAt!: Date | null;

  @Field(() => String, { nullable: true })
  status!: string | null;

  @Field(() => String, { nullable: true })
  type!: string | null;

  @Field(() => String, { nullable: true })
  category!: string | null;
}

@ObjectType("PageInfo", { simpleResolvers: true })
export class PageInfoType {
  @Field(() => Int)
  currentPage!: number;

  @Field(() => Int)
  perPage!: number;

  @Field(() => Int)
  totalEntries!: number;

  @Field(() => Int)
  totalPages!: number;
}

@ObjectType("TransactionPage", { simpleResolvers: true })
export class TransactionPageType {
  @Field(() => [TransactionType])
  nodes!: TransactionType[];

  @Field(() => PageInfoType)
  pageInfo!: PageInfoType;
}
