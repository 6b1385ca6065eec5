// Deterministic transactions for generated accounts: realistic merchants per account type, spread
// over the 180 days before the anchor day, newest first.
import { intBetween, money, pick, type Prng } from "./prng.js";
import { derivedGuid, isoSeconds } from "./ids.js";
import type { WireAccount, WireTransaction } from "./wire-types.js";

interface Template {
  description: string;
  original: string;
  category: string;
  top: string;
  mcc: number | null;
  type: "DEBIT" | "CREDIT";
  min: number;
  max: number;
  merchant: boolean;
  billPay?: boolean;
  directDeposit?: boolean;
  fee?: boolean;
}

function spend(
  description: string,
  original: string,
  category: string,
  top: string,
  mcc: number,
  max: number,
): Template {
  return { description, original, category, top, mcc, type: "DEBIT", min: 3, max, merchant: true };
}

const SPENDING: Template[] = [
  spend("Whole Foods", "WHOLEFDS TSQ 102", "Groceries", "Food & Dining", 5411, 180),
  spend("Starbucks", "STARBUCKS STORE 08812", "Coffee Shops", "Food & Dining", 5814, 15),
  spend("Shell", "SHELL OIL 57444210", "Gas", "Auto & Transport", 5541, 70),
  spend("Amazon", "AMZN MKTP US*2K4LL", "Shopping", "Shopping", 5942, 250),
  spend("Netflix", "NETFLIX.COM", "Television", "Entertainment", 4899, 20),
  spend("Target", "TARGET 00017640", "Shopping", "Shopping", 5310, 150),
  spend("Chipotle", "CHIPOTLE 1187", "Fast Food", "Food & Dining", 5814, 30),
];
const BILLS: Template[] = [
  {
    ...spend(
      "Rocky Mountain Power",
      "ROCKY MTN POWER ONLINE PMT",
      "Utilities",
      "Bills & Utilities",
      4900,
      180,
    ),
    billPay: true,
    min: 40,
  },
  {
    ...spend("Comcast", "COMCAST CABLE COMM", "Internet", "Bills & Utilities", 4899, 120),
    billPay: true,
    min: 60,
  },
];
const PAYROLL: Template = {
  description: "Acme Corp Payroll",
  original: "ACME CORP DIR DEP PPD",
  category: "Paycheck",
  top: "Income",
  mcc: null,
  type: "CREDIT",
  min: 1500,
  max: 3200,
  merchant: false,
  directDeposit: true,
};
const ATM_FEE: Template = {
  ...spend("ATM Fee", "NON-MX ATM FEE", "ATM Fee", "Fees & Charges", 6011, 3.5),
  merchant: false,
  fee: true,
  min: 2.5,
};
function transfer(
  type: "DEBIT" | "CREDIT",
  description: string,
  category: string,
  top: string,
  max: number,
): Template {
  return {
    description,
    original: description.toUpperCase(),
    category,
    top,
    mcc: null,
    type,
    min: 25,
    max,
    merchant: false,
  };
}

const BY_ACCOUNT_TYPE: Record<string, Template[]> = {
  CHECKING: [
    ...SPENDING,
    ...SPENDING,
    ...BILLS,
    PAYROLL,
    ATM_FEE,
    transfer("DEBIT", "Transfer to Savings", "Transfer", "Transfer", 500),
  ],
  SAVINGS: [
    transfer("CREDIT", "Transfer from Checking", "Transfer", "Transfer", 500),
    transfer("CREDIT", "Interest Payment", "Interest Income", "Income", 40),
    transfer("DEBIT", "Withdrawal", "Transfer", "Transfer", 300),
  ],
  CREDIT_CARD: [
    ...SPENDING,
    ...SPENDING,
    transfer("CREDIT", "Payment - Thank You", "Credit Card Payment", "Transfer", 1500),
  ],
  LINE_OF_CREDIT: [
    ...SPENDING,
    transfer("CREDIT", "Payment - Thank You", "Credit Card Payment", "Transfer", 900),
  ],
  LOAN: [transfer("CREDIT", "Loan Payment", "Loan Payment", "Loans", 600)],
  INVESTMENT: [
    transfer("CREDIT", "Dividend", "Dividend & Cap Gains", "Investments", 200),
    transfer("CREDIT", "Contribution", "Transfer", "Transfer", 1000),
  ],
};

const PLACES = [
  { latitude: 40.3916, longitude: -111.8508 },
  { latitude: 41.8925, longitude: -87.6198 },
  { latitude: 37.7897, longitude: -122.3972 },
] as const;

const DAY_MS = 86_400_000;

function buildTransaction(rng: Prng, account: WireAccount, index: number, anchor: Date): WireTransaction {
  const templates = BY_ACCOUNT_TYPE[account.type] ?? SPENDING;
  const template = templates[Math.floor(rng() * templates.length)] ?? PAYROLL;
  const dayOffset = intBetween(rng, 1, 180);
  const transacted = new Date(anchor.getTime() - dayOffset * DAY_MS + intBetween(rng, 6, 20) * 3_600_000);
  const pending = dayOffset <= 2;
  const posted = pending ? null : new Date(transacted.getTime() + DAY_MS);
  const place = template.merchant && rng() < 0.6 ? pick(rng, PLACES) : undefined;
  const income = template.type === "CREDIT" && template.top === "Income";
  const stamp = isoSeconds(posted ?? transacted);
  return {
    account_guid: account.guid,
    amount: money(template.min + rng() * (template.max - template.min)),
    category: template.category,
    check_number: null,
    check_number_string: null,
    created_at: stamp,
    currency_code: "USD",
    date: isoSeconds(transacted).slice(0, 10),
    description: template.description,
    guid: derivedGuid("TRN", account.guid, index),
    is_bill_pay: template.billPay === true,
    is_direct_deposit: template.directDeposit === true,
    is_expense: template.type === "DEBIT" && template.top !== "Transfer",
    is_fee: template.fee === true,
    is_income: income,
    is_international: false,
    is_overdraft_fee: false,
    is_payroll_advance: false,
    latitude: place?.latitude ?? null,
    longitude: place?.longitude ?? null,
    member_guid: account.member_guid,
    memo: null,
    merchant_category_code: template.mcc,
    merchant_guid: template.merchant ? derivedGuid("MCH", template.description) : null,
    original_description: template.original,
    posted_at: posted ? isoSeconds(posted) : null,
    status: pending ? "PENDING" : "POSTED",
    top_level_category: template.top,
    transacted_at: isoSeconds(transacted),
    type: template.type,
    updated_at: stamp,
    user_guid: account.user_guid,
  };
}

/**
 * Transactions for `accounts`, newest first (ties by guid, so paging is stable). `total` spreads
 * that many transactions over the accounts; without it each account gets 10–39.
 */
export function generateTransactions(
  rng: Prng,
  accounts: readonly WireAccount[],
  anchor: Date,
  total?: number,
): WireTransaction[] {
  const transactions: WireTransaction[] = [];
  accounts.forEach((account, accountIndex) => {
    const count =
      total === undefined
        ? intBetween(rng, 10, 39)
        : Math.floor(total / accounts.length) + (accountIndex < total % accounts.length ? 1 : 0);
    for (let i = 0; i < count; i++) transactions.push(buildTransaction(rng, account, i, anchor));
  });
  return transactions.sort((a, b) =>
    a.transacted_at === b.transacted_at
      ? a.guid.localeCompare(b.guid)
      : b.transacted_at.localeCompare(a.transacted_at),
  );
}
