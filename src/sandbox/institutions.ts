// The sandbox's institutions: MX Bank and MX-Bank-like variants that differ only in which premium
// jobs they support (ATRIUM.md "The embedded sandbox"). All of them run the MX Bank password scenarios.
import { derivedGuid } from "./ids.js";
import type { WireCredential, WireInstitution } from "./wire-types.js";

/** An institution with its login fields. */
export interface SandboxInstitution {
  institution: WireInstitution;
  credentials: WireCredential[];
}

const MXBANK_LOGO = "INS-1572a04c-912b-59bf-5841-332c7dfafaef";

function logos(): Pick<WireInstitution, "medium_logo_url" | "small_logo_url"> {
  // The URLs vestibule answered for MX Bank (evidence §6).
  const base = "https://content.moneydesktop.com/storage/MD_Assets/Ipad%20Logos";
  return {
    medium_logo_url: `${base}/100x100/${MXBANK_LOGO}_100x100.png`,
    small_logo_url: `${base}/50x50/${MXBANK_LOGO}_50x50.png`,
  };
}

function loginFields(loginGuid: string, passwordGuid: string): WireCredential[] {
  return [
    { display_order: 1, field_name: "LOGIN", guid: loginGuid, label: "Username", type: "LOGIN" },
    { display_order: 2, field_name: "PASSWORD", guid: passwordGuid, label: "Password", type: "PASSWORD" },
  ];
}

function variant(
  code: string,
  name: string,
  supports: { identification: boolean; statement: boolean; verification: boolean; history: boolean },
): SandboxInstitution {
  return {
    institution: {
      code,
      ...logos(),
      name,
      supports_account_identification: supports.identification,
      supports_account_statement: supports.statement,
      supports_account_verification: supports.verification,
      supports_transaction_history: supports.history,
      url: "https://www.mx.com",
    },
    credentials: loginFields(derivedGuid("CRD", code, "LOGIN"), derivedGuid("CRD", code, "PASSWORD")),
  };
}

const ALL = { identification: true, statement: true, verification: true, history: true };

/** MX Bank's documented credential guids (ATRIUM.md "MX Bank"): its login and password fields. */
export const MXBANK_CREDENTIAL_GUIDS = {
  login: "CRD-9f61fb4c-912c-bd1e-b175-ccc7f0275cc1",
  password: "CRD-e3d7ea81-aac7-05e9-fbdd-4b493c6e474d",
} as const;

/**
 * The institution table, in listing order:
 * - `mxbank` — MX Bank, with MX's documented credential guids (ATRIUM.md "MX Bank"); supports everything
 *   (the real 2019 MX Bank did not support identification; the sandbox's does, a sandbox decision);
 * - `mxbank_noid` — identical but `supports_account_identification: false` (identify answers 400);
 * - `mxbank_basic` — no premium job at all (identify, verify and extend_history answer 400).
 */
export const INSTITUTIONS: readonly SandboxInstitution[] = [
  {
    institution: { ...variant("mxbank", "MX Bank", ALL).institution },
    credentials: loginFields(MXBANK_CREDENTIAL_GUIDS.login, MXBANK_CREDENTIAL_GUIDS.password),
  },
  variant("mxbank_noid", "MX Bank (no identification)", { ...ALL, identification: false }),
  variant("mxbank_basic", "MX Bank (aggregation only)", {
    identification: false,
    statement: false,
    verification: false,
    history: false,
  }),
];

/** Looks an institution up by its code (exact, as Atrium codes are lower-case identifiers). */
export function findInstitution(code: string): SandboxInstitution | undefined {
  return INSTITUTIONS.find((entry) => entry.institution.code === code);
}
