import { explainError } from "../error-sentences";

/** An error as a customer sentence, with "Try again" where trying again can help. */
export function ErrorNotice({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { sentence, retryable, code, requestId } = explainError(error);
  return (
    <div role="alert" className="error" data-code={code}>
      <p>{sentence}</p>
      {requestId && <p className="reference">Reference: {requestId}</p>}
      {retryable && onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
