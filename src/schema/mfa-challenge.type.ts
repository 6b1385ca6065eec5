import { Field, ID, ObjectType } from "type-graphql";
import { ChallengeType } from "./enums.js";
import type { ChallengeTypeValue } from "../domain/types.js";

@ObjectType("MfaOption", { simpleResolvers: true })
export class MfaOptionType {
  @Field(() => String)
  label!: string;

  @Field(() => String)
  value!: string;

  @Field(() => String, {
    nullable: true,
    description: "Base64 data URI of the option's image, for IMAGE_OPTIONS challenges.",
  })
  dataUri!: string | null;
}

@ObjectType("MfaChallenge", { simpleResolvers: true })
export class MfaChallengeType {
  @Field(() => ID)
  guid!: string;

  @Field(() => ChallengeType)
  type!: ChallengeTypeValue;

  @Field(() => String, { nullable: true })
  label!: string | null;

  @Field(() => String, { nullable: true })
  fieldName!: string | null;

  @Field(() => String, { nullable: true, description: "Base64 image data, for IMAGE_DATA challenges." })
  imageData!: string | null;

  @Field(() => [MfaOptionType], { description: "Choices, for OPTIONS challenges." })
  options!: MfaOptionType[];

  @Field(() => [MfaOptionType], { description: "Image choices, for IMAGE_OPTIONS challenges." })
  imageOptions!: MfaOptionType[];
}
