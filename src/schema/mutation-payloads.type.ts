import { Field, ObjectType } from "type-graphql";
import { MemberType } from "./member.type.js";

@ObjectType("IdentifyMemberPayload", { simpleResolvers: true })
export class IdentifyMemberPayloadType {
  @Field(() => MemberType)
  member!: MemberType;

  @Field(() => Boolean, {
    description: "True when upstream answered 202: an identification job was already running.",
  })
  alreadyRunning!: boolean;
}

@ObjectType("AnswerMfaPayload", { simpleResolvers: true })
export class AnswerMfaPayloadType {
  @Field(() => MemberType)
  member!: MemberType;
}
