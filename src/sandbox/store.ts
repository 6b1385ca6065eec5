// In-memory users and members. A member record holds the wire member plus what the status endpoint,
// the job runner and the data endpoints need: credentials, pending challenges, which data has been
// revealed, and the running job.
import { generateMemberData, type MemberData, type MemberDataProfile } from "./data-generator.js";
import type { Job } from "./job.types.js";
import type {
  WireAccount,
  WireAccountNumber,
  WireAccountOwner,
  WireChallenge,
  WireMember,
  WireMemberStatus,
  WireTransaction,
  WireUser,
} from "./wire-types.js";

/** Which parts of a member's data the API may show (ATRIUM.md "The embedded sandbox", "Data"). */
export interface DataVisibility {
  /** After any successful job. */
  accounts: boolean;
  /** After a successful aggregation / extended history, or identify/verify with include_transactions. */
  transactions: boolean;
  /** After a successful identify. */
  owners: boolean;
  /** After a successful verify or identify. */
  accountNumbers: boolean;
}

/** Everything the sandbox keeps about one member. */
export interface MemberRecord {
  member: WireMember;
  username: string;
  password: string;
  /** `{guid, value}` pairs as sent at creation (for the duplicate-member check). */
  credentialValues: ReadonlyArray<{ guid: string; value: string }>;
  isAuthenticated: boolean;
  hasProcessedAccounts: boolean;
  hasProcessedTransactions: boolean;
  /** Pending MFA challenges; non-empty only while CHALLENGED. */
  challenges: WireChallenge[];
  visibility: DataVisibility;
  profile: MemberDataProfile;
  job: Job | undefined;
}

/** The `GET …/status` view of a member (`challenges` only when CHALLENGED, ATRIUM.md). */
export function statusView(record: MemberRecord): WireMemberStatus {
  const m = record.member;
  const challenged = m.connection_status === "CHALLENGED";
  return {
    aggregated_at: m.aggregated_at,
    ...(challenged ? { challenges: record.challenges.map((c) => structuredClone(c)) } : {}),
    connection_status: m.connection_status,
    guid: m.guid,
    has_processed_accounts: record.hasProcessedAccounts,
    has_processed_transactions: record.hasProcessedTransactions,
    is_authenticated: record.isAuthenticated,
    is_being_aggregated: m.is_being_aggregated,
    status: m.status,
    successfully_aggregated_at: m.successfully_aggregated_at,
  };
}

/** Users and members in memory, plus their lazily generated (and cached) data. */
export class SandboxStore {
  private readonly users = new Map<string, WireUser>();
  private readonly members = new Map<string, MemberRecord>();
  private readonly memberGuidsByUser = new Map<string, string[]>();
  private readonly dataCache = new Map<string, MemberData>();

  /** @param anchor the day generated data is relative to (the sandbox's start). */
  constructor(private readonly anchor: Date) {}

  addUser(user: WireUser): void {
    this.users.set(user.guid, user);
    this.memberGuidsByUser.set(user.guid, []);
  }

  findUser(guid: string): WireUser | undefined {
    return this.users.get(guid);
  }

  findUserByIdentifier(identifier: string): WireUser | undefined {
    for (const user of this.users.values()) if (user.identifier === identifier) return user;
    return undefined;
  }

  /** All users in creation order. */
  listUsers(): WireUser[] {
    return [...this.users.values()];
  }

  addMember(record: MemberRecord): void {
    this.members.set(record.member.guid, record);
    this.memberGuidsByUser.get(record.member.user_guid)?.push(record.member.guid);
  }

  findMember(guid: string): MemberRecord | undefined {
    return this.members.get(guid);
  }

  /** A user's members in creation order. */
  membersOfUser(userGuid: string): MemberRecord[] {
    const guids = this.memberGuidsByUser.get(userGuid) ?? [];
    return guids.map((guid) => this.members.get(guid)).filter((r): r is MemberRecord => r !== undefined);
  }

  /** Every member record (for closing down jobs). */
  allMembers(): IterableIterator<MemberRecord> {
    return this.members.values();
  }

  /** The member's full generated data, whether visible or not. */
  dataOf(record: MemberRecord): MemberData {
    const guid = record.member.guid;
    let data = this.dataCache.get(guid);
    if (data === undefined) {
      data = generateMemberData({
        memberGuid: guid,
        userGuid: record.member.user_guid,
        institutionCode: record.member.institution_code,
        anchor: this.anchor,
        profile: record.profile,
      });
      this.dataCache.set(guid, data);
    }
    return data;
  }

  visibleAccounts(record: MemberRecord): WireAccount[] {
    return record.visibility.accounts ? this.dataOf(record).accounts : [];
  }

  visibleTransactions(record: MemberRecord): WireTransaction[] {
    return record.visibility.transactions ? this.dataOf(record).transactions : [];
  }

  visibleOwners(record: MemberRecord): WireAccountOwner[] {
    return record.visibility.owners ? this.dataOf(record).owners : [];
  }

  visibleAccountNumbers(record: MemberRecord): WireAccountNumber[] {
    return record.visibility.accountNumbers ? this.dataOf(record).accountNumbers : [];
  }
}
