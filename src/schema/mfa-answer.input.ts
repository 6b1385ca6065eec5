import { Field, ID, InputType } from "type-graphql";

@InputType("MfaAnswerInput")
export class MfaAnswerInput {
  @Field(() => ID)
  challengeGuid!: string;

  @Field(() => String)
  value!: string;
}
