// Builds new member records, shared by `POST /users/{user_guid}/members` and the seed.
import type { MemberDataProfile } from "./data-generator.js";
import { randomGuid } from "./ids.js";
import type { SandboxInstitution } from "./institutions.js";
import type { MemberRecord } from "./store.js";

/** What a new member is made of. */
export interface NewMember {
  userGuid: string;
  institution: SandboxInstitution;
  username: string;
  password: string;
  credentialValues: ReadonlyArray<{ guid: string; value: string }>;
  identifier?: string | null;
  metadata?: string | null;
  profile?: MemberDataProfile;
}

/**
 * A member that was never aggregated. Sandbox decision (ATRIUM.md is silent on `skip_aggregation`
 * answers): `connection_status: CREATED`, `is_being_aggregated: false`, `status: null`,
 * `aggregated_at: null` — no job has started, so there is no job status and no aggregation time.
 */
export function newMemberRecord(input: NewMember): MemberRecord {
  return {
    member: {
      aggregated_at: null,
      connection_status: "CREATED",
      guid: randomGuid("MBR"),
      identifier: input.identifier ?? null,
      institution_code: input.institution.institution.code,
      is_being_aggregated: false,
      is_oauth: false,
      metadata: input.metadata ?? null,
      name: input.institution.institution.name,
      status: null,
      successfully_aggregated_at: null,
      user_guid: input.userGuid,
    },
    username: input.username,
    password: input.password,
    credentialValues: input.credentialValues,
    isAuthenticated: false,
    hasProcessedAccounts: false,
    hasProcessedTransactions: false,
    challenges: [],
    visibility: { accounts: false, transactions: false, owners: false, accountNumbers: false },
    profile: input.profile ?? {},
    job: undefined,
  };
}
