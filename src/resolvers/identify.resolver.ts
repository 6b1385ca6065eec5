import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { requireAtrium } from "../graphql/context.js";
import { checkMemberGuid } from "./input-checks.js";
import { IdentifyMemberPayloadType } from "../schema/mutation-payloads.type.js";
import type { IdentifyResult } from "../domain/types.js";

@Resolver()
export class IdentifyResolver {
  /** 202 upstream → `alreadyRunning: true`; 400/403/409 → their codes (DESIGN.md). */
  @Mutation(() => IdentifyMemberPayloadType)
  identifyMember(
    @Arg("memberGuid", () => ID) memberGuid: string,
    @Arg("includeTransactions", () => Boolean, { nullable: true, defaultValue: false })
    includeTransactions: boolean | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<IdentifyResult> {
    const atrium = requireAtrium(ctx);
    return atrium.identify(checkMemberGuid(memberGuid), includeTransactions === true);
  }
}
