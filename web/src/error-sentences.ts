/**
 * Every error code the API documents, as a sentence a bank customer understands, and whether
 * trying again can help. A test checks that every code in the server's list appears here.
 */
import { CombinedGraphQLErrors, ServerError } from "@apollo/client/errors";

interface Explained {
  sentence: string;
  retryable: boolean;
}

const GENERIC = "Something went wrong on our side. Please try again later.";

const SENTENCES: Record<string, Explained> = {
  UNAUTHENTICATED: { sentence: "Your session has ended. Please sign in again.", retryable: false },
  BAD_USER_INPUT: {
    sentence: "Something in that request was not right. Please check your answer and try again.",
    retryable: false,
  },
  NOT_FOUND: { sentence: "We could not find this connection. It may have been removed.", retryable: false },
  IDENTIFICATION_NOT_SUPPORTED: {
    sentence: "This bank does not let us verify account owners.",
    retryable: false,
  },
  IDENTIFICATION_NOT_ENABLED: {
    sentence: "Verifying account owners is not available for your account yet.",
    retryable: false,
  },
  AGGREGATION_IN_PROGRESS: {
    sentence: "Your bank is still updating this connection. Please try again in a moment.",
    retryable: true,
  },
  MFA_NOT_PENDING: {
    sentence: "This security question is no longer waiting for an answer.",
    retryable: false,
  },
  UPSTREAM_RATE_LIMITED: {
    sentence: "There have been too many requests. Please wait a moment and try again.",
    retryable: true,
  },
  UPSTREAM_UNAVAILABLE: {
    sentence: "We cannot reach your bank right now. Please try again.",
    retryable: true,
  },
  UPSTREAM_AUTH_FAILED: {
    sentence: "We are having trouble connecting to banks right now. Please try again later.",
    retryable: false,
  },
  RATE_LIMITED: {
    sentence: "There have been too many requests. Please wait a moment and try again.",
    retryable: true,
  },
  SUBSCRIPTION_LIMIT_EXCEEDED: {
    sentence: "Too many live updates are open right now. Please close other windows and try again.",
    retryable: true,
  },
  QUERY_TOO_COMPLEX: { sentence: GENERIC, retryable: false },
  INTERNAL_SERVER_ERROR: { sentence: GENERIC, retryable: false },
  GRAPHQL_PARSE_FAILED: { sentence: GENERIC, retryable: false },
  GRAPHQL_VALIDATION_FAILED: { sentence: GENERIC, retryable: false },
  BAD_REQUEST: { sentence: GENERIC, retryable: false },
  PERSISTED_QUERY_NOT_FOUND: { sentence: GENERIC, retryable: false },
  NETWORK: {
    sentence: "We could not reach the server. Check your internet connection and try again.",
    retryable: true,
  },
};

export interface ErrorExplanation extends Explained {
  code: string;
  requestId: string | undefined;
}

export function explainError(error: unknown): ErrorExplanation {
  if (CombinedGraphQLErrors.is(error)) {
    const extensions = error.errors[0]?.extensions ?? {};
    const code = typeof extensions["code"] === "string" ? extensions["code"] : "INTERNAL_SERVER_ERROR";
    const requestId = typeof extensions["requestId"] === "string" ? extensions["requestId"] : undefined;
    return { code, requestId, ...(SENTENCES[code] ?? { sentence: GENERIC, retryable: false }) };
  }
  if (ServerError.is(error) && error.statusCode >= 500) {
    return { code: "INTERNAL_SERVER_ERROR", requestId: undefined, sentence: GENERIC, retryable: true };
  }
  return { code: "NETWORK", requestId: undefined, ...(SENTENCES["NETWORK"] as Explained) };
}
