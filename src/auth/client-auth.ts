/**
 * How this server authenticates its clients, from configuration: a verifier,
 * and (with a shared secret) a token signer. In sandbox mode without a
 * configured secret, a random one lives for the process, so the printed demo
 * token works only against this process.
 */
import { randomBytes } from "node:crypto";
import type { AuthConfig } from "../config.js";
import { createTokenVerifier, signUserToken, type TokenVerifier } from "./token-verifier.js";

export interface ClientAuth {
  verifier: TokenVerifier;
  /** Signs a token for a user guid; undefined when tokens come from a JWKS issuer. */
  signToken: ((userGuid: string) => Promise<string>) | undefined;
}

export function createClientAuth(config: AuthConfig): ClientAuth {
  if (config.jwksUrl) {
    return {
      verifier: createTokenVerifier({
        jwksUrl: config.jwksUrl,
        issuer: config.issuer,
        audience: config.audience,
        userClaim: config.userClaim,
      }),
      signToken: undefined,
    };
  }
  const secret = config.jwtSecret ?? randomBytes(32).toString("base64url");
  return {
    verifier: createTokenVerifier({
      secret,
      issuer: config.issuer,
      audience: config.audience,
      userClaim: config.userClaim,
    }),
    signToken: (userGuid) =>
      signUserToken(secret, userGuid, {
        issuer: config.issuer,
        audience: config.audience,
        claim: config.userClaim,
      }),
  };
}
