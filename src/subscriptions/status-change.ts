/**
 * Whether a new status view says anything the last published one did not. Compared
 * after the view is computed (DESIGN.md: drop identical readings after the state is
 * computed, not before), field by field, so no JSON is built per poll.
 */
import type { MfaChallenge, MfaOption } from "../datasources/atrium.types.js";
import type { MemberStatusView } from "../domain/member-status-rules.js";

export function sameStatus(a: MemberStatusView, b: MemberStatusView): boolean {
  return (
    a.memberGuid === b.memberGuid &&
    a.connectionStatus === b.connectionStatus &&
    a.status === b.status &&
    a.isBeingAggregated === b.isBeingAggregated &&
    a.isAuthenticated === b.isAuthenticated &&
    a.hasProcessedAccounts === b.hasProcessedAccounts &&
    a.hasProcessedTransactions === b.hasProcessedTransactions &&
    a.isFinal === b.isFinal &&
    a.needsUserAction === b.needsUserAction &&
    a.userMessage === b.userMessage &&
    sameInstant(a.aggregatedAt, b.aggregatedAt) &&
    sameInstant(a.successfullyAggregatedAt, b.successfullyAggregatedAt) &&
    sameList(a.challenges, b.challenges, sameChallenge)
  );
}

/** Timestamps compare as their ISO strings would: same millisecond, same instant. */
function sameInstant(a: Date | null, b: Date | null): boolean {
  if (a === null || b === null) return a === b;
  const x = a.getTime();
  const y = b.getTime();
  // Two invalid dates are the same "nothing"; NaN !== NaN would republish every poll.
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

function sameChallenge(a: MfaChallenge, b: MfaChallenge): boolean {
  return (
    a.guid === b.guid &&
    a.type === b.type &&
    a.label === b.label &&
    a.fieldName === b.fieldName &&
    a.imageData === b.imageData &&
    sameList(a.options, b.options, sameOption) &&
    sameList(a.imageOptions, b.imageOptions, sameOption)
  );
}

function sameOption(a: MfaOption, b: MfaOption): boolean {
  return a.label === b.label && a.value === b.value && a.dataUri === b.dataUri;
}

function sameList<T>(a: readonly T[], b: readonly T[], same: (x: T, y: T) => boolean): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!same(a[i] as T, b[i] as T)) return false;
  }
  return true;
}
