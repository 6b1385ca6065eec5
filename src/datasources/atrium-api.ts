/**
 * AtriumApi: one typed method per MX endpoint the server uses, returning
 * domain objects. Stateless and shared by every operation; the per-operation
 * caching lives in AtriumDataSource. Where Atrium and the Platform API differ
 * (bodies, `id`, paged challenges, what 202 means) it asks the client's dialect.
 */
import { AtriumError } from "./atrium-errors.js";
import type { AtriumClient, AtriumRequest } from "./atrium-client.js";
import type { UpstreamScope } from "./upstream-scope.js";
import {
  MalformedBodyError,
  toAccount,
  toAccountNumber,
  toAccountOwner,
  toChallenge,
  toInstitution,
  toMember,
  toPageInfo,
  toStatusReading,
  toTransaction,
  unwrapList,
  unwrapObject,
} from "./atrium.mappers.js";
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
import type { WireObject } from "./atrium.wire.js";
import type { UpstreamDialect } from "./dialects/index.js";
import type { Logger } from "../observability/logger.js";
import {
  UPSTREAM_ROUTES as R,
  memberEndpoint as memberTarget,
  upstreamPath,
} from "../domain/upstream-routes.js";
import { readAllPages, toPageResult, type PageResult } from "./read-all-pages.js";

/** Page size for lists read whole: the largest the Platform API documents (ATRIUM.md "Transport"). */
export const LIST_PAGE_SIZE = 1000;
/**
 * Pages fetched at once after the first one: all the rest of any list a member
 * has in practice (32,000 records), so a whole list costs two round trips; the
 * bound keeps a wrong `total_pages` from becoming a burst.
 */
const PAGE_CONCURRENCY = 32;

export interface AtriumApiOptions {
  /** Records per page for lists read whole; default LIST_PAGE_SIZE (tests use small pages). */
  listPageSize?: number;
}

export class AtriumApi {
  private readonly pageSize: number;
  private readonly dialect: UpstreamDialect;

  constructor(
    private readonly client: AtriumClient,
    private readonly logger?: Logger,
    private readonly options: AtriumApiOptions = {},
    /** Sent with every request: the operation's deadline and user (see `within`). */
    private readonly scope?: UpstreamScope,
  ) {
    this.pageSize = options.listPageSize ?? LIST_PAGE_SIZE;
    this.dialect = client.dialect;
  }

  /** The same API for one operation: its requests share the operation's deadline and user budget. */
  within(scope: UpstreamScope): AtriumApi {
    return new AtriumApi(this.client, this.logger, this.options, scope);
  }

  async listMembers(userGuid: string): Promise<Member[]> {
    return this.readAll(
      { path: upstreamPath(R.members, { user_guid: userGuid }), route: R.members },
      "members",
      this.toMember,
    );
  }

  async readMember(userGuid: string, memberGuid: string): Promise<Member> {
    const { path, route } = memberTarget(R.member, userGuid, memberGuid);
    const res = await this.get(path, route);
    return this.map(route, () => this.toMember(unwrapObject(res, "member")));
  }

  /**
   * The poller's status source (subscriptions' StatusSource port): one reading
   * with its challenges. `signal` ends the request and its retries at once (a
   * stopped poll loop, shutdown).
   */
  readStatus(userGuid: string, memberGuid: string, signal?: AbortSignal): Promise<MemberStatusReading> {
    return this.readStatusWithChallenges(
      userGuid,
      memberGuid,
      () => this.listChallenges(userGuid, memberGuid, signal),
      signal,
    );
  }

  /**
   * Status with its challenges when CHALLENGED. ATRIUM.md: the status body carries
   * them only then, and may not; they are read separately only when it did not.
   * `readChallenges` lets a caller share a cached read (the per-operation loader).
   */
  async readStatusWithChallenges(
    userGuid: string,
    memberGuid: string,
    readChallenges: () => Promise<MfaChallenge[]> = () => this.listChallenges(userGuid, memberGuid),
    signal?: AbortSignal,
  ): Promise<MemberStatusReading> {
    const { path, route } = memberTarget(R.status, userGuid, memberGuid);
    const res = await this.get(path, route, undefined, signal);
    const reading = this.map(route, () => toStatusReading(unwrapObject(res, "member")));
    if (reading.connectionStatus !== "CHALLENGED" || reading.challenges.length > 0) return reading;
    return { ...reading, challenges: await readChallenges() };
  }

  /** 204 No Content unless CHALLENGED (ATRIUM.md, PLATFORM.md): an empty list then. Platform pages it. */
  async listChallenges(userGuid: string, memberGuid: string, signal?: AbortSignal): Promise<MfaChallenge[]> {
    const { path, route } = memberTarget(R.challenges, userGuid, memberGuid);
    if (this.dialect.pagedChallenges) return this.readAll({ path, route }, "challenges", toChallenge);
    const res = await this.get(path, route, undefined, signal);
    return res === undefined
      ? []
      : this.map(route, () => unwrapList(res, "challenges").items.map(toChallenge));
  }

  /**
   * Starts identification. Already running is a result, not an error: Atrium
   * says so with 202; the Platform API answers 202 either way, so there the
   * member read just before tells (a running job that identify accepted, not
   * 409, is an identify). The body comes from the dialect.
   */
  async identify(
    userGuid: string,
    memberGuid: string,
    includeTransactions: boolean,
  ): Promise<IdentifyResult> {
    const { path, route } = memberTarget(R.identify, userGuid, memberGuid);
    const prior =
      this.dialect.alreadyRunning === "prior-read" ? await this.readMember(userGuid, memberGuid) : undefined;
    const res = await this.client.request({
      scope: this.scope,
      method: "POST",
      path,
      route,
      kind: "identify",
      retry: "safe-start",
      body: this.dialect.identifyBody(includeTransactions),
    });
    const member = this.map(route, () => this.toMember(unwrapObject(res.body, "member")));
    const alreadyRunning = prior ? prior.isBeingAggregated : res.status === 202;
    return { member, alreadyRunning };
  }

  /** Sends MFA answers once; never retried once it may have reached upstream. */
  async resume(userGuid: string, memberGuid: string, answers: MfaAnswer[]): Promise<Member> {
    const { path, route } = memberTarget(R.resume, userGuid, memberGuid);
    const res = await this.client.request({
      scope: this.scope,
      method: "PUT",
      path,
      route,
      kind: "resume",
      retry: "never",
      body: { member: { challenges: answers.map((a) => ({ guid: a.challengeGuid, value: a.value })) } },
    });
    return this.map(route, () => this.toMember(unwrapObject(res.body, "member")));
  }

  async listAccounts(userGuid: string, memberGuid: string): Promise<Account[]> {
    return this.readAll(memberTarget(R.accounts, userGuid, memberGuid), "accounts", toAccount);
  }

  async listAccountNumbers(userGuid: string, memberGuid: string): Promise<AccountNumber[]> {
    return this.readAll(
      memberTarget(R.memberAccountNumbers, userGuid, memberGuid),
      "account_numbers",
      toAccountNumber,
    );
  }

  async listAccountOwners(userGuid: string, memberGuid: string): Promise<AccountOwner[]> {
    return this.readAll(
      memberTarget(R.accountOwners, userGuid, memberGuid),
      "account_owners",
      toAccountOwner,
    );
  }

  async listTransactions(
    userGuid: string,
    memberGuid: string,
    page: number,
    perPage: number,
  ): Promise<Page<Transaction>> {
    const { path, route } = memberTarget(R.transactions, userGuid, memberGuid);
    const res = await this.get(path, route, {
      page,
      records_per_page: perPage,
    });
    return this.map(route, () => {
      const list = unwrapList(res, "transactions");
      const nodes = list.items.map(toTransaction);
      const fallback = { currentPage: page, perPage, totalEntries: nodes.length, totalPages: 1 };
      return { nodes, pageInfo: toPageInfo(list.pagination, fallback) };
    });
  }

  async listAllTransactions(userGuid: string, memberGuid: string): Promise<Transaction[]> {
    return this.readAll(memberTarget(R.transactions, userGuid, memberGuid), "transactions", toTransaction);
  }

  /** Readiness: Atrium answers an authenticated request (one institution, no retries). */
  async ping(): Promise<boolean> {
    await this.client.request({
      scope: this.scope,
      method: "GET",
      path: R.institutions,
      route: R.institutions,
      kind: "read",
      retry: "never",
      query: { records_per_page: 1 },
    });
    return true;
  }

  async readInstitution(code: string): Promise<Institution> {
    const route = R.institution;
    const res = await this.get(upstreamPath(route, { institution_code: code }), route);
    return this.map(route, () => toInstitution(unwrapObject(res, "institution")));
  }

  private readonly toMember = (o: WireObject): Member => toMember(this.dialect.normalizeMember(o));

  private async get(
    path: string,
    route: string,
    query?: AtriumRequest["query"],
    signal?: AbortSignal,
  ): Promise<unknown> {
    const res = await this.client.request({
      scope: this.scope,
      method: "GET",
      path,
      route,
      kind: "read",
      retry: "idempotent",
      query,
      signal,
    });
    return res.body;
  }

  /** Runs a mapper; a malformed body becomes UPSTREAM_UNAVAILABLE with one log line. */
  private map<T>(route: string, mapper: () => T): T {
    try {
      return mapper();
    } catch (error) {
      if (!(error instanceof MalformedBodyError)) throw error;
      this.logger?.warn({ upstream: { route }, reason: error.message }, "malformed upstream body");
      throw new AtriumError("UPSTREAM_UNAVAILABLE", { route, cause: error.message });
    }
  }

  /**
   * Reads every page of a list: the first page, then all the rest at once
   * (read-all-pages.ts; ATRIUM.md "Transport").
   */
  private async readAll<T>(
    target: { path: string; route: string },
    root: string,
    mapItem: (o: WireObject) => T,
  ): Promise<T[]> {
    const readPage = async (page: number): Promise<PageResult<T>> => {
      const body = await this.get(target.path, target.route, { page, records_per_page: this.pageSize });
      // 204 No Content (challenges when not CHALLENGED): nothing on this page, nothing after it.
      if (body === undefined && root === "challenges")
        return { items: [], totalPages: page, maybeMore: false };
      return this.map(target.route, () => toPageResult(unwrapList(body, root), mapItem, page, this.pageSize));
    };
    return readAllPages(readPage, PAGE_CONCURRENCY);
  }
}
