import { useEffect } from "react";
import { useSubscription } from "@apollo/client/react";
import { MemberStatusDocument } from "../gql/graphql";
import { ChallengeForm } from "./ChallengeForm";
import { ErrorNotice } from "./ErrorNotice";
import { Results } from "./Results";

const HEADLINES: Record<string, string> = {
  CONNECTED: "Connected",
  CHALLENGED: "Security question",
  REJECTED: "Answer not accepted",
  DENIED: "Sign-in failed",
  EXPIRED: "Question expired",
  LOCKED: "Login locked",
  RESUMED: "Checking your answer",
};

interface Props {
  memberGuid: string;
  withTransactions: boolean;
  onFinished: () => void;
}

/** The member's status, live from the memberStatus subscription, through MFA to the results. */
export function LiveStatus({ memberGuid, withTransactions, onFinished }: Props) {
  // Its own server subscription, not one shared with the previous run's: the server pushes the
  // current status first to each new one, while a shared one would replay nothing.
  const { data, error } = useSubscription(MemberStatusDocument, {
    variables: { memberGuid },
    context: { queryDeduplication: false },
  });
  const status = data?.memberStatus;
  // Mounted once identifyMember has started the job, so the first final status ends the flow.
  const finished = status?.isFinal === true;
  useEffect(() => {
    if (finished) onFinished();
  }, [finished, onFinished]);

  const headline = status ? (HEADLINES[status.connectionStatus] ?? "Working on it") : "Starting";
  return (
    <div className="live">
      <p
        role="status"
        className="status"
        data-connection-status={status?.connectionStatus ?? ""}
        data-final={finished ? "true" : "false"}
      >
        <strong>{headline}.</strong>{" "}
        {status?.userMessage?.startsWith(headline)
          ? status.userMessage.slice(headline.length).replace(/^\.\s*/, "")
          : (status?.userMessage ?? "Contacting your bank…")}
      </p>
      {error && <ErrorNotice error={error} />}
      {status?.connectionStatus === "CHALLENGED" && status.challenges.length > 0 && (
        <ChallengeForm
          key={status.challenges.map((c) => c.guid).join(",")}
          memberGuid={memberGuid}
          challenges={status.challenges}
        />
      )}
      {finished && status?.connectionStatus === "CONNECTED" && (
        <Results memberGuid={memberGuid} withTransactions={withTransactions} />
      )}
    </div>
  );
}
