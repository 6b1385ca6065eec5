import { useCallback, useId, useState } from "react";
import { useMutation } from "@apollo/client/react";
import { IdentifyMemberDocument, type MembersQuery } from "../gql/graphql";
import { ErrorNotice } from "./ErrorNotice";
import { LiveStatus } from "./LiveStatus";

type Member = MembersQuery["members"][number];

/** One member: its connection, the "Verify account owners" action, then the live flow. */
export function MemberCard({ member }: { member: Member }) {
  const headingId = useId();
  const [includeTransactions, setIncludeTransactions] = useState(false);
  const [flow, setFlow] = useState<{ run: number; withTransactions: boolean; finished: boolean }>();
  const [identify, { loading, error, reset }] = useMutation(IdentifyMemberDocument);

  const start = useCallback(async () => {
    reset();
    try {
      await identify({ variables: { memberGuid: member.guid, includeTransactions } });
      setFlow((f) => ({ run: (f?.run ?? 0) + 1, withTransactions: includeTransactions, finished: false }));
    } catch {
      // Shown through `error`.
    }
  }, [identify, reset, member.guid, includeTransactions]);
  const onFinished = useCallback(() => setFlow((f) => (f ? { ...f, finished: true } : f)), []);
  const busy = loading || (flow !== undefined && !flow.finished);

  return (
    <section className="member" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {member.name ?? "Bank connection"} <span className="identifier">{member.identifier}</span>
      </h2>
      <p className="meta">
        Institution <code>{member.institutionCode}</code> · connection {member.connectionStatus.toLowerCase()}
      </p>
      <div className="actions">
        <label>
          <input
            type="checkbox"
            checked={includeTransactions}
            onChange={(e) => setIncludeTransactions(e.target.checked)}
          />{" "}
          Include transactions
        </label>
        <button type="button" onClick={() => void start()} disabled={busy}>
          Verify account owners
        </button>
      </div>
      {error && <ErrorNotice error={error} onRetry={() => void start()} />}
      {flow && (
        <LiveStatus
          key={flow.run}
          memberGuid={member.guid}
          withTransactions={flow.withTransactions}
          onFinished={onFinished}
        />
      )}
    </section>
  );
}
