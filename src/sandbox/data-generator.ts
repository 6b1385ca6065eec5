// Deterministic account data for a member: the same member guid, institution, profile and anchor day
// always give the same accounts, owners, account numbers and transactions (hash of the guid → PRNG).
import { derivedGuid, isoSeconds } from "./ids.js";
import { intBetween, money, pick, prngFrom, type Prng } from "./prng.js";
import { generateTransactions } from "./transaction-generator.js";
import type { WireAccount, WireAccountNumber, WireAccountOwner, WireTransaction } from "./wire-types.js";

/** Overrides for seeded scenarios; omitted fields are drawn from the member's PRNG. */
export interface MemberDataProfile {
  /** Number of accounts (default 2–4). */
  accountCount?: number;
  /** Total number of transactions over all accounts (default 10–39 per account). */
  transactionCount?: number;
}

/** Everything the sandbox can reveal about a member once the right job succeeded. */
export interface MemberData {
  accounts: WireAccount[];
  owners: WireAccountOwner[];
  accountNumbers: WireAccountNumber[];
  transactions: WireTransaction[];
}

/** Inputs of {@link generateMemberData}. */
export interface MemberDataInput {
  memberGuid: string;
  userGuid: string;
  institutionCode: string;
  /** Day the data is relative to ("today" for transaction dates); the sandbox passes its start day. */
  anchor: Date;
  profile?: MemberDataProfile;
}

function digits(rng: Prng, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += String(intBetween(rng, 0, 9));
  return out;
}

/** A 9-digit ABA routing number with a valid check digit (3-7-1 weights). */
export function routingNumberFor(institutionCode: string): string {
  const rng = prngFrom(`routing/${institutionCode}`);
  const first8 = digits(rng, 8);
  const d = [...first8].map(Number);
  const partial =
    3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) +
    7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) +
    (d[2] ?? 0) +
    (d[5] ?? 0);
  return first8 + String((10 - (partial % 10)) % 10);
}

const ACCOUNT_KINDS = [
  { type: "CREDIT_CARD", name: "Rewards Credit Card", deposit: false },
  { type: "LOAN", name: "Auto Loan", deposit: false },
  { type: "INVESTMENT", name: "Brokerage", deposit: false },
  { type: "SAVINGS", name: "Money Market Savings", deposit: true },
  { type: "LINE_OF_CREDIT", name: "Personal Line of Credit", deposit: false },
] as const;

const FIRST_NAMES = ["Donnie", "Jane", "Carlos", "Priya", "Mei", "Samuel", "Aisha", "Lars"] as const;
const LAST_NAMES = ["Darko", "Doe", "Alvarez", "Raman", "Chen", "Okafor", "Nilsson", "Smith"] as const;
const PLACES = [
  { address: "123 This Way", city: "Middlesex", state: "VA", postal_code: "23149" },
  { address: "3401 N Thanksgiving Way", city: "Lehi", state: "UT", postal_code: "84043" },
  { address: "77 Lake Shore Dr", city: "Chicago", state: "IL", postal_code: "60611" },
  { address: "500 Market St", city: "San Francisco", state: "CA", postal_code: "94105" },
] as const;

interface AccountPlan {
  type: string;
  name: string;
  deposit: boolean;
}

function planAccounts(rng: Prng, count: number): AccountPlan[] {
  // Always a checking account first and a savings or credit card second, so every member has at
  // least one deposit account (the accounts verification and account numbers are about).
  const plans: AccountPlan[] = [{ type: "CHECKING", name: "Everyday Checking", deposit: true }];
  plans.push(rng() < 0.5 ? { type: "SAVINGS", name: "High Yield Savings", deposit: true } : ACCOUNT_KINDS[0]);
  while (plans.length < count) {
    const kind = pick(rng, ACCOUNT_KINDS);
    const twins = plans.filter((plan) => plan.type === kind.type).length;
    plans.push(twins === 0 ? kind : { ...kind, name: `${kind.name} ${twins + 1}` });
  }
  return plans.slice(0, count);
}

function buildAccount(
  rng: Prng,
  plan: AccountPlan,
  index: number,
  input: MemberDataInput,
  created: string,
): WireAccount {
  const isCredit = plan.type === "CREDIT_CARD" || plan.type === "LINE_OF_CREDIT";
  const isLoan = plan.type === "LOAN";
  const balance = money(isLoan ? 5000 + rng() * 25000 : isCredit ? rng() * 4000 : 250 + rng() * 20000);
  const creditLimit = isCredit ? intBetween(rng, 5, 15) * 1000 : null;
  return {
    account_number: `XXXXXX${digits(rng, 4)}`,
    apr: isCredit || isLoan ? money(4 + rng() * 20) : null,
    apy: plan.type === "SAVINGS" ? money(0.5 + rng() * 4) : null,
    available_balance: isLoan ? null : isCredit ? money((creditLimit ?? 0) - balance) : balance,
    available_credit: isCredit ? money((creditLimit ?? 0) - balance) : null,
    balance,
    created_at: created,
    credit_limit: creditLimit,
    currency_code: "USD",
    day_payment_is_due: isCredit || isLoan ? intBetween(rng, 1, 28) : null,
    guid: derivedGuid("ACT", input.memberGuid, index),
    institution_code: input.institutionCode,
    interest_rate: null,
    is_closed: false,
    last_payment: null,
    last_payment_at: null,
    matures_on: null,
    member_guid: input.memberGuid,
    minimum_balance: null,
    minimum_payment: isCredit || isLoan ? money(25 + rng() * 200) : null,
    name: plan.name,
    original_balance: isLoan ? money(balance * 1.5) : null,
    payment_due_at: null,
    payoff_balance: isLoan ? balance : null,
    started_on: null,
    subtype: null,
    total_account_value: plan.type === "INVESTMENT" ? balance : null,
    type: plan.type,
    updated_at: created,
    user_guid: input.userGuid,
  };
}

function buildOwners(rng: Prng, accounts: WireAccount[], input: MemberDataInput): WireAccountOwner[] {
  const person = (): Pick<WireAccountOwner, "owner_name" | "email" | "phone"> => {
    const first = pick(rng, FIRST_NAMES);
    const last = pick(rng, LAST_NAMES);
    return {
      owner_name: `${first} ${last}`,
      email: `${first}.${last}@example.com`.toLowerCase(),
      phone: `555-${digits(rng, 3)}-${digits(rng, 4)}`,
    };
  };
  // One primary holder for the whole member, and sometimes a joint holder on an account.
  const primary = person();
  const place = pick(rng, PLACES);
  const owners: WireAccountOwner[] = [];
  accounts.forEach((account) => {
    const holders = rng() < 0.3 ? [primary, person()] : [primary];
    holders.forEach((holder, holderIndex) => {
      owners.push({
        account_guid: account.guid,
        address: place.address,
        city: place.city,
        country: "US",
        email: holder.email,
        guid: derivedGuid("ACO", account.guid, holderIndex),
        member_guid: input.memberGuid,
        owner_name: holder.owner_name,
        phone: holder.phone,
        postal_code: place.postal_code,
        state: place.state,
        user_guid: input.userGuid,
      });
    });
  });
  return owners;
}

function buildAccountNumbers(
  rng: Prng,
  accounts: WireAccount[],
  input: MemberDataInput,
): WireAccountNumber[] {
  const routing = routingNumberFor(input.institutionCode);
  // Account numbers exist for demand-deposit accounts only (evidence §3.7); the full number ends in
  // the same four digits as the masked `account_number` of the account.
  return accounts
    .filter((account) => account.type === "CHECKING" || account.type === "SAVINGS")
    .map((account) => ({
      account_guid: account.guid,
      account_number: `${intBetween(rng, 100000, 999999)}${account.account_number.slice(-4)}`,
      guid: derivedGuid("ACN", account.guid),
      institution_number: null,
      member_guid: input.memberGuid,
      routing_number: routing,
      transit_number: null,
      user_guid: input.userGuid,
    }));
}

/** Generates the member's data; pure and deterministic for equal inputs. */
export function generateMemberData(input: MemberDataInput): MemberData {
  const rng = prngFrom(`${input.memberGuid}/${input.institutionCode}`);
  const accountCount = input.profile?.accountCount ?? intBetween(rng, 2, 4);
  const created = isoSeconds(new Date(input.anchor.getTime() - 400 * 86_400_000));
  const accounts = planAccounts(rng, accountCount).map((plan, index) =>
    buildAccount(rng, plan, index, input, created),
  );
  const owners = buildOwners(rng, accounts, input);
  const accountNumbers = buildAccountNumbers(rng, accounts, input);
  const transactions = generateTransactions(rng, accounts, input.anchor, input.profile?.transactionCount);
  return { accounts, owners, accountNumbers, transactions };
}
