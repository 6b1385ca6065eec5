import { Arg, Ctx, ID, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { requireAtrium } from "../graphql/context.js";
import { checkInstitutionCode } from "./input-checks.js";
import { InstitutionType } from "../schema/institution.type.js";
import type { Institution } from "../domain/types.js";

@Resolver(() => InstitutionType)
export class InstitutionResolver {
  @Query(() => InstitutionType, { nullable: true })
  institution(@Arg("code", () => ID) code: string, @Ctx() ctx: GraphQLContext): Promise<Institution | null> {
    return requireAtrium(ctx).institution(checkInstitutionCode(code));
  }
}
