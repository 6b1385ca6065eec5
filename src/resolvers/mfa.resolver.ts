import { Arg, Ctx, ID, Mutation, Resolver } from "type-graphql";
import type { GraphQLContext } from "../graphql/context.js";
import { requireAtrium } from "../graphql/context.js";
import { badUserInput } from "../graphql/errors.js";
import { checkChallengeGuid, checkMemberGuid } from "./input-checks.js";
import { AnswerMfaPayloadType } from "../schema/mutation-payloads.type.js";
import { MfaAnswerInput } from "../schema/mfa-answer.input.js";
import type { Member } from "../domain/types.js";

const MAX_ANSWERS = 20;
const MAX_ANSWER_LENGTH = 1024;

@Resolver()
export class MfaResolver {
  /** Sends the answers once; the member must be CHALLENGED and the challenges pending. */
  @Mutation(() => AnswerMfaPayloadType)
  async answerMfa(
    @Arg("memberGuid", () => ID) memberGuid: string,
    @Arg("answers", () => [MfaAnswerInput]) answers: MfaAnswerInput[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<{ member: Member }> {
    const atrium = requireAtrium(ctx);
    checkMemberGuid(memberGuid);
    if (answers.length === 0) throw badUserInput("answers must not be empty.");
    if (answers.length > MAX_ANSWERS) throw badUserInput(`At most ${MAX_ANSWERS} answers are accepted.`);
    const seen = new Set<string>();
    for (const answer of answers) {
      checkChallengeGuid(answer.challengeGuid);
      if (seen.has(answer.challengeGuid))
        throw badUserInput(`Challenge ${answer.challengeGuid} is answered twice.`);
      seen.add(answer.challengeGuid);
      if (answer.value.length === 0 || answer.value.length > MAX_ANSWER_LENGTH) {
        throw badUserInput(`An answer must be 1 to ${MAX_ANSWER_LENGTH} characters.`);
      }
    }
    const member = await atrium.answerMfa(
      memberGuid,
      answers.map((a) => ({ challengeGuid: a.challengeGuid, value: a.value })),
    );
    return { member };
  }
}
