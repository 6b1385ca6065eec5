import { useId, useState, type FormEvent } from "react";

/** Without a token from the embedding app or the sandbox: paste one. It stays in memory only. */
export function TokenForm({ onToken }: { onToken: (token: string) => void }) {
  const id = useId();
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onToken(value.trim());
  };
  return (
    <form className="token-form" onSubmit={submit}>
      <label htmlFor={id}>Bearer token</label>
      <input
        id={id}
        type="password"
        autoComplete="off"
        value={value}
        onChange={(e) => setValue(e.target.value)}
      />
      <button type="submit">Sign in</button>
      <p className="hint">The token is kept in this page&apos;s memory only; reloading forgets it.</p>
    </form>
  );
}
