/**
 * Client-visible errors: every one carries an `extensions.code` from DESIGN.md's
 * table and a `requestId`; anything unexpected is INTERNAL_SERVER_ERROR with a
 * masked message. The same function serves Apollo's formatError and graphql-ws.
 */
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { unwrapResolverError } from "@apollo/server/errors";
import { ERROR_CODES, type ErrorCode } from "../domain/error-codes.js";
import { ServiceError } from "../domain/service-error.js";

export { ERROR_CODES, type ErrorCode };

const KNOWN = new Set<string>(ERROR_CODES);
/** Codes graphql-js / Apollo produce for documents that are not valid GraphQL; kept as they are. */
const REQUEST_ERROR_CODES = new Set([
  "GRAPHQL_PARSE_FAILED",
  "GRAPHQL_VALIDATION_FAILED",
  "BAD_REQUEST",
  "PERSISTED_QUERY_NOT_FOUND",
  "PERSISTED_QUERY_NOT_SUPPORTED",
  "OPERATION_RESOLUTION_FAILURE",
]);

export function clientError(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extra } });
}

export const unauthenticated = (): GraphQLError =>
  clientError("UNAUTHENTICATED", "Authentication required: send a valid bearer token.");

export const badUserInput = (message: string): GraphQLError => clientError("BAD_USER_INPUT", message);

export interface FormatOptions {
  requestId?: string;
}

/**
 * Shapes one error for a client: known codes pass with their own (safe)
 * message; a ServiceError (AtriumError included) becomes its code; everything else is masked.
 */
export function formatClientError(
  formatted: GraphQLFormattedError,
  error: unknown,
  options: FormatOptions = {},
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { message: formatted.message, locations: formatted.locations, path: formatted.path };
  // A request id set where the error was made (e.g. the 401 of a refused token) is kept.
  const own = formatted.extensions?.["requestId"];
  const requestId = options.requestId ?? (typeof own === "string" ? own : undefined);
  if (original instanceof ServiceError) {
    const extensions: Record<string, unknown> = { code: original.code, requestId };
    if (original.details.retryAfterSeconds !== undefined) {
      extensions["retryAfterSeconds"] = original.details.retryAfterSeconds;
    }
    if (original.details.upstreamRequestId)
      extensions["upstreamRequestId"] = original.details.upstreamRequestId;
    return { ...base, message: original.message, extensions };
  }
  const code = formatted.extensions?.["code"];
  if (
    typeof code === "string" &&
    (KNOWN.has(code) || REQUEST_ERROR_CODES.has(code)) &&
    code !== "INTERNAL_SERVER_ERROR"
  ) {
    const extensions: Record<string, unknown> = { code, requestId };
    const retryAfter = formatted.extensions?.["retryAfterSeconds"];
    if (retryAfter !== undefined) extensions["retryAfterSeconds"] = retryAfter;
    return { ...base, extensions };
  }
  // graphql-js errors for bad variables/arguments carry no code but are the client's input errors.
  if (code === undefined && original instanceof GraphQLError && !original.originalError && !formatted.path) {
    return { ...base, extensions: { code: "BAD_USER_INPUT", requestId } };
  }
  return {
    ...base,
    message: "Internal server error.",
    extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
  };
}
