// The demo user and one member per scenario, seeded at start (ATRIUM.md "The embedded sandbox").
import type { MemberDataProfile } from "./data-generator.js";
import { isoSeconds, randomGuid } from "./ids.js";
import { findInstitution } from "./institutions.js";
import { newMemberRecord } from "./member-factory.js";
import type { SandboxStore } from "./store.js";

/** Guids of the seeded demo user and its members. */
export interface DemoData {
  userGuid: string;
  identifier: "demo";
  members: {
    noMfa: string;
    textMfa: string;
    optionsMfa: string;
    imageMfa: string;
    imageOptionsMfa: string;
    tokenMfa: string;
    denied: string;
    noIdentification: string;
    fourAccounts: string;
    manyTransactions: string;
  };
}

/** The demo members' names. */
export type DemoMemberName = keyof DemoData["members"];

interface DemoMemberPlan {
  institutionCode: string;
  username: string;
  password: string;
  scenario: string;
  profile?: MemberDataProfile;
  /** Seeded as if an aggregation had succeeded: CONNECTED, accounts and transactions visible. */
  aggregated?: boolean;
}

/** What each demo member is for (printed by main.ts and the README). */
export const DEMO_MEMBER_PLANS: Readonly<Record<DemoMemberName, DemoMemberPlan>> = {
  noMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "password",
    scenario: "no MFA, connects",
  },
  textMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "challenge",
    scenario: "TEXT challenge, answer correct (or challenge for a 2nd round)",
  },
  optionsMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "options",
    scenario: "OPTIONS challenge, choose value correct",
  },
  imageMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "image",
    scenario: "IMAGE_DATA challenge, answer correct",
  },
  imageOptionsMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "image_options",
    scenario: "IMAGE_OPTIONS challenge (sandbox extension), choose value correct",
  },
  tokenMfa: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "token",
    scenario: "TOKEN challenge (sandbox extension), answer correct",
  },
  denied: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "UNAUTHORIZED",
    scenario: "DENIED once a job runs",
  },
  noIdentification: {
    institutionCode: "mxbank_noid",
    username: "test_atrium",
    password: "password",
    scenario: "institution without identification: identify answers 400",
  },
  fourAccounts: {
    institutionCode: "mxbank",
    username: "mxuser",
    password: "password",
    scenario: "already aggregated, exactly 4 accounts",
    profile: { accountCount: 4 },
    aggregated: true,
  },
  manyTransactions: {
    institutionCode: "mxbank",
    username: "test_atrium",
    password: "password",
    scenario: "already aggregated, 1,234 transactions",
    profile: { transactionCount: 1234 },
    aggregated: true,
  },
};

/**
 * Seeds the demo user (`identifier: "demo"`) and its members, all idle as if created with
 * `skip_aggregation: true`, except `fourAccounts` and `manyTransactions`, which are seeded as
 * already aggregated (owners and account numbers still need identify). Seeding skips the
 * duplicate-credentials check (three members share MX Bank's no-MFA password).
 */
export function seedDemo(store: SandboxStore, now: Date): DemoData {
  const userGuid = randomGuid("USR");
  store.addUser({ guid: userGuid, identifier: "demo", is_disabled: false, metadata: null });
  const guids = {} as Record<DemoMemberName, string>;
  for (const [name, plan] of Object.entries(DEMO_MEMBER_PLANS) as Array<[DemoMemberName, DemoMemberPlan]>) {
    const institution = findInstitution(plan.institutionCode);
    if (institution === undefined) throw new Error(`seed: unknown institution ${plan.institutionCode}`);
    const [login, password] = institution.credentials;
    const record = newMemberRecord({
      userGuid,
      institution,
      username: plan.username,
      password: plan.password,
      credentialValues: [
        { guid: login?.guid ?? "", value: plan.username },
        { guid: password?.guid ?? "", value: plan.password },
      ],
      identifier: `demo_${name}`,
      ...(plan.profile ? { profile: plan.profile } : {}),
    });
    if (plan.aggregated === true) {
      const stamp = isoSeconds(now);
      Object.assign(record.member, {
        aggregated_at: stamp,
        connection_status: "CONNECTED",
        status: "COMPLETED",
        successfully_aggregated_at: stamp,
      });
      record.isAuthenticated = true;
      record.hasProcessedAccounts = true;
      record.hasProcessedTransactions = true;
      record.visibility.accounts = true;
      record.visibility.transactions = true;
    }
    store.addMember(record);
    guids[name] = record.member.guid;
  }
  return { userGuid, identifier: "demo", members: guids };
}
