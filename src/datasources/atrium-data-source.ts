/**
 * AtriumDataSource: one per GraphQL operation (HTTP request or subscription
 * event), bound to the viewer's user guid so every path it builds is the
 * viewer's own: a foreign member is a 404 upstream, like a missing one.
 *
 * The one-call-per-resource promise (DESIGN.md "Data source per request"):
 * every read goes through a DataLoader keyed as below, so however many fields,
 * aliases or accounts ask, one operation makes at most one upstream call per
 * resource. Member-level lists are read once (all pages) and indexed by account
 * guid; per-account answers are cut from them, never fetched per account.
 *
 *   loader (…Loader)        key                       holds / upstream
 *   members                 user guid                 the list: GET /users/:u/members (all pages)
 *   member                  member guid               GET /users/:u/members/:m (primed by members())
 *   status                  member guid               GET …/status (+ …/challenges when CHALLENGED without them)
 *   challenges              member guid               GET …/challenges
 *   accounts                member guid               GET …/accounts (all pages)
 *   accountNumbers          member guid               the list: GET …/account_numbers (all pages)
 *   accountOwners           member guid               the list: GET …/account_owners (all pages)
 *   transactionsByAccount   member guid               GET …/transactions (all pages), grouped (Account.transactions)
 *   transactionPage         member guid|page|perPage  GET …/transactions?page&records_per_page
 *   institution             institution code          GET /institutions/:code
 *
 * Accounts, account numbers and account owners that have arrived are also
 * kept as values (`arrived`, the last two grouped by account as they arrive):
 * a field that asks after its list is in gets the list itself, not a promise.
 * A DataLoader cache hit is a new promise settled at the loader's next
 * dispatch, and every promise a field returns is one graphql-js tracks; with
 * the look-ahead, most per-account fields ask after their list is in.
 */
import DataLoader from "dataloader";
import { AtriumError } from "./atrium-errors.js";
import type { AtriumApi } from "./atrium-api.js";
import type {
  Account,
  AccountNumber,
  AccountOwner,
  IdentifyResult,
  Institution,
  Member,
  MemberStatusReading,
  MfaAnswer,
  MfaChallenge,
  Page,
  Transaction,
} from "../domain/types.js";
import type { MfaAnswerGate } from "./mfa-answer-gate.js";
import { answerOnce } from "./mfa-answer-once.js";
import { groupByAccount, slicePage } from "./account-lists.js";
import { keeping, nullIfNotFound, observed, perKey } from "./per-key-loaders.js";

export const DEFAULT_MFA_IN_DOUBT_MS = 30_000;

/** Told when a mutation changed a member's job, so live watchers poll now. */
export type MemberChangeListener = (userGuid: string, memberGuid: string) => void;

export interface AtriumDataSourceDeps {
  api: AtriumApi;
  mfaGate: MfaAnswerGate;
  /** How long an answer whose outcome is unknown blocks another (MFA_IN_DOUBT_MS). */
  mfaInDoubtMs?: number;
  onMemberChanged?: MemberChangeListener;
}

/**
 * The upstream reads a member's selection will make, known before execution
 * reaches them; each needs only the user and member guid, so all start at once.
 */
export interface MemberReadPlan {
  accounts: boolean;
  accountNumbers: boolean;
  accountOwners: boolean;
  challenges: boolean;
  status: boolean;
  /** The member's whole transaction list (for `Account.transactions`). */
  allTransactions: boolean;
  /** Pages of `Member.transactions`. */
  transactionPages: ReadonlyArray<{ page: number; perPage: number }>;
}

export class AtriumDataSource {
  readonly userGuid: string;
  private readonly api: AtriumApi;
  private readonly deps: AtriumDataSourceDeps;

  private readonly membersLoader: DataLoader<string, Member[]>;
  private readonly memberLoader: DataLoader<string, Member | null>;
  private readonly statusLoader: DataLoader<string, MemberStatusReading>;
  private readonly challengesLoader: DataLoader<string, MfaChallenge[]>;
  private readonly accountsLoader: DataLoader<string, Account[]>;
  private readonly accountNumbersLoader: DataLoader<string, AccountNumber[]>;
  private readonly accountOwnersLoader: DataLoader<string, AccountOwner[]>;
  /** By member guid, what has arrived (see the table above). */
  private readonly arrived = {
    accounts: new Map<string, Account[]>(),
    numbersByAccount: new Map<string, Map<string, AccountNumber[]>>(),
    ownersByAccount: new Map<string, Map<string, AccountOwner[]>>(),
  };
  private readonly transactionsByAccountLoader: DataLoader<string, Map<string, Transaction[]>>;
  private readonly transactionPageLoader: DataLoader<string, Page<Transaction>>;
  private readonly institutionLoader: DataLoader<string, Institution | null>;

  constructor(userGuid: string, deps: AtriumDataSourceDeps) {
    this.userGuid = userGuid;
    this.deps = deps;
    this.api = deps.api;
    const u = userGuid;
    this.membersLoader = perKey(async (user) => {
      const members = await this.api.listMembers(user);
      for (const member of members) this.memberLoader.prime(member.guid, member);
      return members;
    });
    this.memberLoader = perKey((m) => nullIfNotFound(this.api.readMember(u, m)));
    this.statusLoader = perKey((m) =>
      this.api.readStatusWithChallenges(u, m, () => this.challengesLoader.load(m)),
    );
    this.challengesLoader = perKey((m) => this.api.listChallenges(u, m));
    const { arrived } = this;
    this.accountsLoader = perKey(
      keeping(
        (m) => this.api.listAccounts(u, m),
        (m, list) => arrived.accounts.set(m, list),
      ),
    );
    this.accountNumbersLoader = perKey(
      keeping(
        (m) => this.api.listAccountNumbers(u, m),
        (m, list) => arrived.numbersByAccount.set(m, groupByAccount(list)),
      ),
    );
    this.accountOwnersLoader = perKey(
      keeping(
        (m) => this.api.listAccountOwners(u, m),
        (m, list) => arrived.ownersByAccount.set(m, groupByAccount(list)),
      ),
    );
    this.transactionsByAccountLoader = perKey(async (m) =>
      groupByAccount(await this.api.listAllTransactions(u, m)),
    );
    this.transactionPageLoader = perKey((key) => {
      const [m = "", page, perPage] = key.split("|");
      return this.api.listTransactions(u, m, Number(page), Number(perPage));
    });
    this.institutionLoader = perKey((code) => nullIfNotFound(this.api.readInstitution(code)));
  }

  members(): Promise<Member[]> {
    return this.membersLoader.load(this.userGuid);
  }

  /** The viewer's member, or null when it is missing or another user's. */
  member(memberGuid: string): Promise<Member | null> {
    return this.memberLoader.load(memberGuid);
  }

  /**
   * Starts, through the same loaders the field resolvers use, every read of
   * `plan` at once, so a nested selection costs one upstream round trip instead
   * of one per level. Each read is observed: for a missing or foreign member they
   * fail (404) and nobody else awaits them.
   */
  prefetchMember(memberGuid: string, plan: MemberReadPlan): void {
    if (plan.accounts) observed(this.accountsLoader.load(memberGuid));
    if (plan.accountNumbers) observed(this.accountNumbersLoader.load(memberGuid));
    if (plan.accountOwners) observed(this.accountOwnersLoader.load(memberGuid));
    if (plan.challenges) observed(this.challengesLoader.load(memberGuid));
    if (plan.status) observed(this.statusLoader.load(memberGuid));
    if (plan.allTransactions) observed(this.transactionsByAccountLoader.load(memberGuid));
    for (const { page, perPage } of plan.transactionPages)
      observed(this.transactions(memberGuid, page, perPage));
  }

  /** Like member(), but a missing member is a NOT_FOUND error (for mutations and subscriptions). */
  async requireMember(memberGuid: string): Promise<Member> {
    const member = await this.member(memberGuid);
    if (!member) throw new AtriumError("NOT_FOUND", { cause: "member not found for viewer" });
    return member;
  }

  status(memberGuid: string): Promise<MemberStatusReading> {
    return this.statusLoader.load(memberGuid);
  }

  challenges(memberGuid: string): Promise<MfaChallenge[]> {
    return this.challengesLoader.load(memberGuid);
  }

  accounts(memberGuid: string): Account[] | Promise<Account[]> {
    return this.arrived.accounts.get(memberGuid) ?? this.accountsLoader.load(memberGuid);
  }

  accountNumbers(memberGuid: string): Promise<AccountNumber[]> {
    return this.accountNumbersLoader.load(memberGuid);
  }

  accountNumbersOf(memberGuid: string, accountGuid: string): AccountNumber[] | Promise<AccountNumber[]> {
    return this.ofAccount(this.arrived.numbersByAccount, this.accountNumbersLoader, memberGuid, accountGuid);
  }

  accountOwners(memberGuid: string): Promise<AccountOwner[]> {
    return this.accountOwnersLoader.load(memberGuid);
  }

  accountOwnersOf(memberGuid: string, accountGuid: string): AccountOwner[] | Promise<AccountOwner[]> {
    return this.ofAccount(this.arrived.ownersByAccount, this.accountOwnersLoader, memberGuid, accountGuid);
  }

  /** One account's share of a member-level list: at once when the list is in, else when it arrives. */
  private ofAccount<T>(
    arrived: Map<string, Map<string, T[]>>,
    loader: DataLoader<string, T[]>,
    memberGuid: string,
    accountGuid: string,
  ): T[] | Promise<T[]> {
    const grouped = arrived.get(memberGuid);
    if (grouped) return grouped.get(accountGuid) ?? [];
    // The loader's function fills `arrived` before its promise settles.
    return loader.load(memberGuid).then(() => arrived.get(memberGuid)?.get(accountGuid) ?? []);
  }

  /** One upstream page of the member's transactions. */
  transactions(memberGuid: string, page: number, perPage: number): Promise<Page<Transaction>> {
    return this.transactionPageLoader.load(`${memberGuid}|${page}|${perPage}`);
  }

  /** A page of one account's transactions, cut from the member's whole list (read once per operation). */
  async accountTransactions(
    memberGuid: string,
    accountGuid: string,
    page: number,
    perPage: number,
  ): Promise<Page<Transaction>> {
    const all = (await this.transactionsByAccountLoader.load(memberGuid)).get(accountGuid) ?? [];
    return slicePage(all, page, perPage);
  }

  institution(code: string): Promise<Institution | null> {
    return this.institutionLoader.load(code);
  }

  /** Starts identification; 202 → `alreadyRunning`. Live watchers are told to poll now. */
  async identify(memberGuid: string, includeTransactions: boolean): Promise<IdentifyResult> {
    const result = await this.api.identify(this.userGuid, memberGuid, includeTransactions);
    this.forget(memberGuid);
    this.memberLoader.prime(memberGuid, result.member);
    this.deps.onMemberChanged?.(this.userGuid, memberGuid);
    return result;
  }

  /**
   * Answers the pending MFA round once. Concurrent answers for the member are
   * refused (MFA_NOT_PENDING); answers must name pending challenges
   * (BAD_USER_INPUT) and the member must be CHALLENGED (MFA_NOT_PENDING), both
   * checked before the one resume call.
   */
  async answerMfa(memberGuid: string, answers: MfaAnswer[]): Promise<Member> {
    const steps = {
      readPending: async () => {
        await this.requireMember(memberGuid);
        return this.api.listChallenges(this.userGuid, memberGuid);
      },
      resume: (given: MfaAnswer[]) => this.api.resume(this.userGuid, memberGuid, given),
    };
    const key = `${this.userGuid}:${memberGuid}`;
    const inDoubtMs = this.deps.mfaInDoubtMs ?? DEFAULT_MFA_IN_DOUBT_MS;
    const member = await answerOnce(this.deps.mfaGate, key, answers, steps, inDoubtMs);
    this.forget(memberGuid);
    this.memberLoader.prime(memberGuid, member);
    this.deps.onMemberChanged?.(this.userGuid, memberGuid);
    return member;
  }

  /** After a mutation, cached job state of the member is stale. */
  private forget(memberGuid: string): void {
    this.memberLoader.clear(memberGuid);
    this.statusLoader.clear(memberGuid);
    this.challengesLoader.clear(memberGuid);
  }
}
