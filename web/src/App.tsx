import { useEffect, useMemo, useState, useSyncExternalStore } from "react";
import { ApolloProvider } from "@apollo/client/react";
import { createApolloSession } from "./apollo";
import { MemberList } from "./components/MemberList";
import { TokenForm } from "./components/TokenForm";
import type { SocketStateStore } from "./socket-state";
import { loadWebConfig, takeTokenFromFragment } from "./web-config";

function ConnectionBanner({ socket }: { socket: SocketStateStore }) {
  const state = useSyncExternalStore(socket.subscribe, socket.getSnapshot);
  if (state !== "reconnecting") return null;
  return (
    <p role="alert" className="banner">
      Reconnecting to live updates…
    </p>
  );
}

function Session({ token }: { token: string }) {
  const session = useMemo(() => createApolloSession(token), [token]);
  useEffect(() => () => session.dispose(), [session]);
  return (
    <ApolloProvider client={session.client}>
      <ConnectionBanner socket={session.socket} />
      <MemberList />
    </ApolloProvider>
  );
}

/**
 * The token comes from the embedding app (`#token=`), else from the server in sandbox mode (the
 * demo user's), else from the paste field; it is kept in memory only.
 */
export function App() {
  const [token, setToken] = useState<string | undefined>(() => takeTokenFromFragment());
  const [asked, setAsked] = useState(token !== undefined);
  useEffect(() => {
    if (token !== undefined) return;
    loadWebConfig()
      .then((config) => {
        if (config.demoToken) setToken((current) => current ?? config.demoToken ?? undefined);
      })
      .catch(() => undefined)
      .finally(() => setAsked(true));
  }, [token]);
  return (
    <>
      <header>
        <h1>Verify account owners</h1>
      </header>
      <main>
        {token ? (
          <Session token={token} />
        ) : asked ? (
          <TokenForm onToken={setToken} />
        ) : (
          <p className="hint">Loading…</p>
        )}
      </main>
    </>
  );
}
