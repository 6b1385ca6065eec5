/**
 * Verifies client bearer tokens with `jose` (DESIGN.md "Authentication and
 * isolation"): HS256 with a shared secret, or RS256/ES256 keys from a JWKS URL;
 * `exp` enforced; `iss`/`aud` when configured; the user guid from `sub` or the
 * configured claim.
 */
import { createRemoteJWKSet, jwtVerify, SignJWT, type JWTVerifyGetKey } from "jose";
import type { Viewer } from "./viewer.js";

export interface TokenVerifierOptions {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
  /** Claim holding the Atrium user guid, default `sub`. */
  userClaim?: string;
}

/** Why a token was refused, for logs; clients only ever see UNAUTHENTICATED. */
export class AuthenticationError extends Error {
  override readonly name = "AuthenticationError";
}

export interface TokenVerifier {
  verify(token: string): Promise<Viewer>;
}

const USER_GUID = /^USR-[A-Za-z0-9-]{1,64}$/;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const claim = options.userClaim ?? "sub";
  let key: Uint8Array | JWTVerifyGetKey;
  let algorithms: string[];
  if (options.jwksUrl) {
    key = createRemoteJWKSet(new URL(options.jwksUrl));
    algorithms = ["RS256", "ES256", "PS256", "EdDSA"];
  } else if (options.secret) {
    key = new TextEncoder().encode(options.secret);
    algorithms = ["HS256"];
  } else {
    throw new Error("A token verifier needs a secret or a JWKS URL");
  }
  const verifyOptions = {
    algorithms,
    issuer: options.issuer,
    audience: options.audience,
    requiredClaims: ["exp"],
  };
  const cache = new VerifiedTokenCache();
  return {
    async verify(token: string): Promise<Viewer> {
      const cached = cache.get(token);
      if (cached) return cached;
      let payload: Record<string, unknown>;
      try {
        const result =
          typeof key === "function"
            ? await jwtVerify(token, key, verifyOptions)
            : await jwtVerify(token, key, verifyOptions);
        payload = result.payload;
      } catch (error) {
        const reason = error instanceof Error && "code" in error ? String(error.code) : "invalid token";
        throw new AuthenticationError(reason);
      }
      const userGuid = payload[claim];
      if (typeof userGuid !== "string" || !USER_GUID.test(userGuid)) {
        throw new AuthenticationError(`claim ${claim} is not an Atrium user guid`);
      }
      const expiresAt = typeof payload["exp"] === "number" ? payload["exp"] * 1000 : Date.now();
      const viewer: Viewer = { userGuid, expiresAt };
      cache.set(token, viewer, expiresAt);
      return viewer;
    },
  };
}

/**
 * Verified tokens, so a client's every request does not pay for a signature
 * check (measured: the largest single cost of a cheap query). An entry lives
 * until the token's `exp`, at most CACHE_TTL_MS (so a key removed from a JWKS
 * stops working soon), and the oldest entries go first past CACHE_SIZE.
 */
class VerifiedTokenCache {
  private static readonly CACHE_SIZE = 10_000;
  private static readonly CACHE_TTL_MS = 5 * 60_000;
  private readonly entries = new Map<string, { viewer: Viewer; until: number }>();

  get(token: string): Viewer | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (Date.now() >= entry.until) {
      this.entries.delete(token);
      return undefined;
    }
    return entry.viewer;
  }

  set(token: string, viewer: Viewer, expiresAt: number): void {
    const until = Math.min(expiresAt, Date.now() + VerifiedTokenCache.CACHE_TTL_MS);
    if (until <= Date.now()) return;
    if (this.entries.size >= VerifiedTokenCache.CACHE_SIZE) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(token, { viewer, until });
  }
}

/** `Authorization: Bearer <token>` → the token; anything else → undefined. */
export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** Signs an HS256 token for a user (sandbox demo token, tests). */
export async function signUserToken(
  secret: string,
  userGuid: string,
  options: { expiresIn?: string; issuer?: string; audience?: string; claim?: string } = {},
): Promise<string> {
  const claim = options.claim ?? "sub";
  let jwt = new SignJWT(claim === "sub" ? {} : { [claim]: userGuid })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? "12h");
  if (claim === "sub") jwt = jwt.setSubject(userGuid);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
