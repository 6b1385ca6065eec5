import { useState } from "react";

/** An account number shown as its last four digits until the customer asks to see it. */
export function MaskedNumber({ value }: { value: string | null }) {
  const [revealed, setRevealed] = useState(false);
  if (!value) return <span>Not available</span>;
  const last4 = value.slice(-4);
  return (
    <span className="masked-number">
      <span data-testid="account-number">{revealed ? value : `•••• ${last4}`}</span>{" "}
      <button type="button" aria-pressed={revealed} onClick={() => setRevealed((r) => !r)}>
        {revealed ? `Hide account number ending ${last4}` : `Show account number ending ${last4}`}
      </button>
    </span>
  );
}
