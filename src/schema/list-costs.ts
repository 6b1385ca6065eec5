/**
 * Cost estimates of list fields for the query cost limit: a list costs its
 * expected length times what is selected in each item. Expected lengths follow
 * Atrium's limits (25 members per user in development) and MX Bank's data.
 */
import type { ComplexityEstimator } from "graphql-query-complexity";

const list =
  (expectedLength: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + expectedLength * Math.max(1, childComplexity);

export const MEMBERS_COST = list(25);
export const ACCOUNTS_COST = list(10);
export const MEMBER_OWNERS_COST = list(20);
export const ACCOUNT_OWNERS_COST = list(2);
export const MEMBER_NUMBERS_COST = list(10);
export const ACCOUNT_NUMBERS_COST = list(1);
export const CHALLENGES_COST = list(3);

/** A page costs the page size asked for. */
export const TRANSACTION_PAGE_COST: ComplexityEstimator = ({ args, childComplexity }) => {
  const perPage = typeof args["perPage"] === "number" ? args["perPage"] : 25;
  return 1 + Math.max(1, perPage) * Math.max(1, childComplexity);
};
