import { useQuery } from "@apollo/client/react";
import { MembersDocument } from "../gql/graphql";
import { ErrorNotice } from "./ErrorNotice";
import { MemberCard } from "./MemberCard";

export function MemberList() {
  const { data, error, loading, refetch } = useQuery(MembersDocument);
  if (error) return <ErrorNotice error={error} onRetry={() => void refetch()} />;
  if (loading || !data) return <p className="hint">Loading your bank connections…</p>;
  if (data.members.length === 0) return <p>No bank connections yet.</p>;
  return (
    <ul className="members" aria-label="Bank connections">
      {data.members.map((member) => (
        <li key={member.guid}>
          <MemberCard member={member} />
        </li>
      ))}
    </ul>
  );
}
