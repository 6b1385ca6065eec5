/** Builds the executable schema from the type-graphql classes and resolvers. */
import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { createPubSub } from "@graphql-yoga/subscription";
import { buildSchema } from "type-graphql";
import { DateTimeScalar } from "../schema/date-time.scalar.js";
import { MemberResolver } from "./member.resolver.js";
import { AccountResolver } from "./account.resolver.js";
import { InstitutionResolver } from "./institution.resolver.js";
import { IdentifyResolver } from "./identify.resolver.js";
import { MfaResolver } from "./mfa.resolver.js";
import { MemberStatusResolver } from "./member-status.resolver.js";

let cached: Promise<GraphQLSchema> | undefined;

/** The schema is immutable, so one build serves every server in the process. */
export function buildAppSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: [
      MemberResolver,
      AccountResolver,
      InstitutionResolver,
      IdentifyResolver,
      MfaResolver,
      MemberStatusResolver,
    ],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    // memberStatus brings its own event source (`subscribe`), but type-graphql
    // requires a PubSub whenever a schema has subscriptions.
    pubSub: createPubSub(),
    validate: false,
  });
  return cached;
}
