/**
 * `DateTime`: ISO 8601 in UTC, e.g. 2018-06-25T20:04:19Z, as the contract says.
 * Whole seconds are printed without milliseconds, the way Atrium prints them.
 */
import { GraphQLError, GraphQLScalarType, Kind } from "graphql";

function serialize(value: unknown): string {
  const date = value instanceof Date ? value : typeof value === "string" ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime()))
    throw new GraphQLError("DateTime cannot represent an invalid date");
  return date.toISOString().replace(".000Z", "Z");
}

function parse(value: unknown): Date {
  if (typeof value !== "string") throw new GraphQLError("DateTime must be an ISO 8601 string");
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO 8601 string");
  return date;
}

export const DateTimeScalar = new GraphQLScalarType({
  name: "DateTime",
  description: "An ISO 8601 date-time in UTC, e.g. 2018-06-25T20:04:19Z.",
  serialize,
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError("DateTime must be an ISO 8601 string");
    return parse(ast.value);
  },
});
