import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from "jose";
import { createTokenVerifier } from "../../src/auth/token-verifier.js";
import { startTestServer, type TestServer } from "../helpers/start-test-server.js";

let jwks: Server;
let jwksUrl: string;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

before(async () => {
  const pair = await generateKeyPair("RS256");
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair("RS256")).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: "test-key", alg: "RS256", use: "sig" };
  jwks = createServer((_req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
});
after(() => new Promise<void>((resolve) => jwks.close(() => resolve())));

function sign(
  claims: Record<string, unknown>,
  key: CryptoKey = privateKey,
  expiresIn = "5m",
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "RS256", kid: "test-key" })
    .setIssuer("https://issuer.example")
    .setAudience("atrium-graphql")
    .setExpirationTime(expiresIn)
    .sign(key);
}

describe("tokens verified with a JWKS", () => {
  test("RS256 with issuer, audience and a custom user claim", async () => {
    const verifier = createTokenVerifier({
      jwksUrl,
      issuer: "https://issuer.example",
      audience: "atrium-graphql",
      userClaim: "atrium_user",
    });
    const viewer = await verifier.verify(
      await sign({ atrium_user: "USR-123e4567-e89b-12d3-a456-426614174000" }),
    );
    assert.equal(viewer.userGuid, "USR-123e4567-e89b-12d3-a456-426614174000");
    await assert.rejects(verifier.verify(await sign({ atrium_user: "USR-1" }, otherKey)));
    await assert.rejects(verifier.verify(await sign({ sub: "USR-1" })), /claim atrium_user/);
    const wrongAudience = await new SignJWT({ atrium_user: "USR-1" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer("https://issuer.example")
      .setAudience("someone-else")
      .setExpirationTime("5m")
      .sign(privateKey);
    await assert.rejects(verifier.verify(wrongAudience));
    const noExpiry = await new SignJWT({ atrium_user: "USR-1" })
      .setProtectedHeader({ alg: "RS256", kid: "test-key" })
      .setIssuer("https://issuer.example")
      .setAudience("atrium-graphql")
      .sign(privateKey);
    await assert.rejects(verifier.verify(noExpiry), "exp is required");
  });

  test("the server accepts JWKS-signed tokens end to end", async () => {
    const server: TestServer = await startTestServer({
      env: {
        AUTH_JWKS_URL: jwksUrl,
        AUTH_JWT_ISSUER: "https://issuer.example",
        AUTH_JWT_AUDIENCE: "atrium-graphql",
      },
    });
    try {
      assert.equal(server.demoToken, undefined, "no demo token without a shared secret");
      const token = await sign({ sub: server.sandbox!.demo.userGuid });
      const ok = await server.gql<{ members: unknown[] }>("{ members { guid } }", {}, { token });
      assert.equal(ok.errors, undefined);
      assert.ok((ok.data?.members.length ?? 0) > 0);
      const forged = await server.gql(
        "{ members { guid } }",
        {},
        { token: await sign({ sub: server.sandbox!.demo.userGuid }, otherKey) },
      );
      assert.equal(forged.status, 401);
      assert.equal(forged.errors?.[0]?.extensions?.code, "UNAUTHENTICATED");
    } finally {
      await server.close();
    }
  });
});
