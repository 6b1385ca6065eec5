import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { requireAtrium } from "../graphql/context.js";
import { checkPaging } from "./input-checks.js";
import { AccountType } from "../schema/account.type.js";
import { AccountNumberType } from "../schema/account-number.type.js";
import { AccountOwnerType } from "../schema/account-owner.type.js";
import { TransactionPageType } from "../schema/transaction.type.js";
import type { Account, AccountNumber, AccountOwner, Page, Transaction } from "../domain/types.js";

/** Per-account lists are cut from the member-level lists (one upstream call per member). */
@Resolver(() => AccountType)
export class AccountResolver {
  @FieldResolver(() => [AccountNumberType], {
    description: "Account numbers of this account (from the member's identification / verification data).",
  })
  accountNumbers(
    @Root() account: Account,
    @Ctx() ctx: GraphQLContext,
  ): AccountNumber[] | Promise<AccountNumber[]> {
    return requireAtrium(ctx).accountNumbersOf(account.memberGuid, account.guid);
  }

  @FieldResolver(() => [AccountOwnerType], {
    description: "Owners of this account (from the member's identification data).",
  })
  owners(@Root() account: Account, @Ctx() ctx: GraphQLContext): AccountOwner[] | Promise<AccountOwner[]> {
    return requireAtrium(ctx).accountOwnersOf(account.memberGuid, account.guid);
  }

  @FieldResolver(() => TransactionPageType)
  transactions(
    @Root() account: Account,
    @Arg("page", () => Int, { nullable: true, defaultValue: 1 }) page: number | null,
    @Arg("perPage", () => Int, { nullable: true, defaultValue: 25 }) perPage: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Page<Transaction>> {
    const paging = checkPaging(page, perPage);
    return requireAtrium(ctx).accountTransactions(
      account.memberGuid,
      account.guid,
      paging.page,
      paging.perPage,
    );
  }
}
