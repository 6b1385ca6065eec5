// Fault injection: rules injected by tests (the next N matching requests fail a given way) and a
// random fault rate (ATRIUM.md "The embedded sandbox": 500, 503, 429 with Retry-After: 1, a hang).
// The fault is decided before the handler runs, so a faulted request never changes state.

/** Every way a request can be made to fail. */
export const FAULT_KINDS = [
  "500",
  "502",
  "503",
  "429",
  "hang",
  "malformed",
  "missing-fields",
  "html",
  "empty",
] as const;
/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A fault rule; unset filters match everything. */
export interface FaultRule {
  method?: string;
  /** Route template, e.g. `/users/:user_guid/members/:member_guid/identify`. */
  route?: string;
  memberGuid?: string;
  kind: FaultKind;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** Retry-After of a 429 (default 1). */
  retryAfterSeconds?: number;
}

/** A decided fault for one request. */
export interface Fault {
  kind: FaultKind;
  retryAfterSeconds: number;
}

/** What a request looks like to the fault matcher. */
export interface FaultTarget {
  method: string;
  route: string;
  memberGuid: string | undefined;
}

const RANDOM_KINDS: readonly FaultKind[] = ["500", "503", "429", "hang"];

/** Checks a rule's fields; throws a RangeError/TypeError naming the bad field. */
export function validateFaultRule(rule: FaultRule): void {
  if (!(FAULT_KINDS as readonly string[]).includes(rule.kind)) {
    throw new TypeError(`fault kind must be one of ${FAULT_KINDS.join(", ")}`);
  }
  if (rule.times !== undefined && (!Number.isInteger(rule.times) || rule.times < 1)) {
    throw new RangeError("fault times must be a positive integer");
  }
  if (
    rule.retryAfterSeconds !== undefined &&
    (!Number.isInteger(rule.retryAfterSeconds) || rule.retryAfterSeconds < 0)
  ) {
    throw new RangeError("fault retryAfterSeconds must be a non-negative integer");
  }
}

/** Checks a fault rate is within 0..1. */
export function validateFaultRate(rate: number): void {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1)
    throw new RangeError("fault rate must be between 0 and 1");
}

/** Holds the rules and the rate, and decides faults. */
export class FaultPlan {
  private rules: Array<FaultRule & { remaining: number }> = [];

  /**
   * @param rate share of requests failed at random (0..1)
   * @param random randomness source for the decision and the kind
   */
  constructor(
    private rate: number,
    private readonly random: () => number,
  ) {
    validateFaultRate(rate);
  }

  inject(rule: FaultRule): void {
    validateFaultRule(rule);
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  setRate(rate: number): void {
    validateFaultRate(rate);
    this.rate = rate;
  }

  /** The fault for this request, if any: the first matching rule (used up), else the random rate. */
  decide(target: FaultTarget): Fault | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.method === undefined || r.method.toUpperCase() === target.method) &&
        (r.route === undefined || r.route === target.route) &&
        (r.memberGuid === undefined || r.memberGuid === target.memberGuid),
    );
    if (rule !== undefined) {
      rule.remaining--;
      if (rule.remaining <= 0) this.rules = this.rules.filter((r) => r !== rule);
      return { kind: rule.kind, retryAfterSeconds: rule.retryAfterSeconds ?? 1 };
    }
    if (this.rate > 0 && this.random() < this.rate) {
      const kind = RANDOM_KINDS[Math.floor(this.random() * RANDOM_KINDS.length)] ?? "500";
      return { kind, retryAfterSeconds: 1 };
    }
    return undefined;
  }
}

/** The root key an answer of `route` carries, and whether it is a list (for malformed bodies). */
export function rootKeyOf(method: string, route: string): { key: string; list: boolean } {
  const last = route.split("/").pop() ?? "";
  const lists = [
    "users",
    "institutions",
    "members",
    "accounts",
    "transactions",
    "account_numbers",
    "account_owners",
    "challenges",
    "credentials",
  ];
  if (method === "GET" && lists.includes(last)) return { key: last, list: true };
  if (route.startsWith("/institutions/")) return { key: "institution", list: false };
  if (route === "/users" || route === "/users/:user_guid") return { key: "user", list: false };
  return { key: "member", list: false };
}
