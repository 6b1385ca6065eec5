import type { GraphQLResolveInfo } from "graphql";
import { Arg, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { requireAtrium } from "../graphql/context.js";
import { checkMemberGuid, checkPaging } from "./input-checks.js";
import { memberReadPlan } from "./member-read-plan.js";
import { MemberType } from "../schema/member.type.js";
import { AccountType } from "../schema/account.type.js";
import { AccountNumberType } from "../schema/account-number.type.js";
import { AccountOwnerType } from "../schema/account-owner.type.js";
import { MfaChallengeType } from "../schema/mfa-challenge.type.js";
import { TransactionPageType } from "../schema/transaction.type.js";
import { MemberStatusType } from "../schema/member-status.type.js";
import { InstitutionType } from "../schema/institution.type.js";
import type {
  Account,
  AccountNumber,
  AccountOwner,
  Institution,
  Member,
  MfaChallenge,
  Page,
  Transaction,
} from "../domain/types.js";
import { toStatusView, type MemberStatusView } from "../domain/member-status-rules.js";

@Resolver(() => MemberType)
export class MemberResolver {
  @Query(() => MemberType, {
    nullable: true,
    description:
      "The authenticated user's member, or null when it does not exist or belongs to another user.",
  })
  member(
    @Arg("guid", () => ID) guid: string,
    @Ctx() ctx: GraphQLContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<Member | null> {
    const atrium = requireAtrium(ctx);
    const memberGuid = checkMemberGuid(guid);
    // The member's own read and everything below it in one round trip.
    atrium.prefetchMember(memberGuid, memberReadPlan(info));
    return atrium.member(memberGuid);
  }

  @Query(() => [MemberType], {
    description: "All members of the authenticated user.",
  })
  async members(@Ctx() ctx: GraphQLContext, @Info() info: GraphQLResolveInfo): Promise<Member[]> {
    const atrium = requireAtrium(ctx);
    const plan = memberReadPlan(info);
    const members = await atrium.members();
    // Round trip two: every member's reads together.
    for (const member of members) atrium.prefetchMember(member.guid, plan);
    return members;
  }

  @FieldResolver(() => InstitutionType, { nullable: true })
  institution(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<Institution | null> {
    return requireAtrium(ctx).institution(member.institutionCode);
  }

  @FieldResolver(() => [AccountType])
  accounts(@Root() member: Member, @Ctx() ctx: GraphQLContext): Account[] | Promise<Account[]> {
    return requireAtrium(ctx).accounts(member.guid);
  }

  @FieldResolver(() => [AccountNumberType])
  accountNumbers(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<AccountNumber[]> {
    return requireAtrium(ctx).accountNumbers(member.guid);
  }

  @FieldResolver(() => [AccountOwnerType])
  accountOwners(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<AccountOwner[]> {
    return requireAtrium(ctx).accountOwners(member.guid);
  }

  @FieldResolver(() => [MfaChallengeType])
  challenges(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<MfaChallenge[]> {
    return requireAtrium(ctx).challenges(member.guid);
  }

  @FieldResolver(() => TransactionPageType)
  transactions(
    @Root() member: Member,
    @Arg("page", () => Int, { nullable: true, defaultValue: 1 }) page: number | null,
    @Arg("perPage", () => Int, { nullable: true, defaultValue: 25 }) perPage: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Page<Transaction>> {
    const paging = checkPaging(page, perPage);
    return requireAtrium(ctx).transactions(member.guid, paging.page, paging.perPage);
  }

  @FieldResolver(() => MemberStatusType)
  async memberStatus(@Root() member: Member, @Ctx() ctx: GraphQLContext): Promise<MemberStatusView> {
    return toStatusView(await requireAtrium(ctx).status(member.guid));
  }
}
