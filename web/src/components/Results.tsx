import { useQuery } from "@apollo/client/react";
import { MemberResultsDocument, type MemberResultsQuery } from "../gql/graphql";
import { ErrorNotice } from "./ErrorNotice";
import { MaskedNumber } from "./MaskedNumber";

const money = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" });

type ResultAccount = NonNullable<MemberResultsQuery["member"]>["accounts"][number];

/** Owners per account, masked account numbers, and the first page of transactions when asked for. */
export function Results({ memberGuid, withTransactions }: { memberGuid: string; withTransactions: boolean }) {
  const { data, error, loading, refetch } = useQuery(MemberResultsDocument, {
    variables: { memberGuid, withTransactions },
    fetchPolicy: "network-only",
  });
  if (error) return <ErrorNotice error={error} onRetry={() => void refetch()} />;
  if (loading || !data) return <p className="hint">Loading account owners…</p>;
  const accounts = data.member?.accounts ?? [];
  return (
    <div className="results">
      {accounts.map((account) => (
        <AccountResults key={account.guid} account={account} />
      ))}
    </div>
  );
}

function AccountResults({ account }: { account: ResultAccount }) {
  return (
    <section className="account" aria-label={`Account ${account.name ?? account.guid}`}>
      <h3>
        {account.name ?? "Account"} {account.type && <small>({account.type.toLowerCase()})</small>}
      </h3>
      <h4>Owners</h4>
      <ul aria-label="Owners">
        {account.owners.map((owner) => (
          <li key={owner.guid}>
            <strong>{owner.ownerName}</strong>
            {owner.email && <> · {owner.email}</>}
            {owner.city && (
              <>
                {" "}
                · {owner.city}, {owner.state}
              </>
            )}
          </li>
        ))}
      </ul>
      {account.accountNumbers.map((number, i) => (
        <p key={number.guid ?? i}>
          Account number: <MaskedNumber value={number.accountNumber} />
          {number.routingNumber && <> · Routing {number.routingNumber}</>}
        </p>
      ))}
      {account.transactions && <Transactions account={account} />}
    </section>
  );
}

function Transactions({ account }: { account: ResultAccount }) {
  const page = account.transactions;
  if (!page) return null;
  return (
    <table aria-label={`Recent transactions of ${account.name ?? "this account"}`}>
      <caption>
        Recent transactions ({page.nodes.length} of {page.pageInfo.totalEntries})
      </caption>
      <thead>
        <tr>
          <th scope="col">Date</th>
          <th scope="col">Description</th>
          <th scope="col">Amount</th>
        </tr>
      </thead>
      <tbody>
        {page.nodes.map((t) => (
          <tr key={t.guid}>
            <td>{t.date}</td>
            <td>{t.description}</td>
            <td>{money.format(t.amount)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
