import { useState, type FormEvent } from "react";
import { useMutation } from "@apollo/client/react";
import { AnswerMfaDocument } from "../gql/graphql";
import { ChallengeField, type Challenge } from "./ChallengeField";
import { ErrorNotice } from "./ErrorNotice";

/** One round of MFA: a field per challenge, answered together with answerMfa. */
export function ChallengeForm({ memberGuid, challenges }: { memberGuid: string; challenges: Challenge[] }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [sent, setSent] = useState(false);
  const [answerMfa, { loading, error }] = useMutation(AnswerMfaDocument);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const list = challenges.map((c) => ({ challengeGuid: c.guid, value: answers[c.guid] ?? "" }));
    try {
      await answerMfa({ variables: { memberGuid, answers: list } });
      setSent(true);
    } catch {
      // Shown below through `error`.
    }
  };

  return (
    <form className="challenge" onSubmit={(e) => void submit(e)} aria-label="Security question">
      {challenges.map((challenge) => (
        <ChallengeField
          key={challenge.guid}
          challenge={challenge}
          value={answers[challenge.guid] ?? ""}
          onChange={(value) => setAnswers((a) => ({ ...a, [challenge.guid]: value }))}
        />
      ))}
      <button type="submit" disabled={loading || sent}>
        Submit
      </button>
      {sent && <p className="hint">Answer sent. Waiting for your bank…</p>}
      {error && <ErrorNotice error={error} />}
    </form>
  );
}
