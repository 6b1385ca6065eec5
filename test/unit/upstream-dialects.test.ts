import { test } from "node:test";
import assert from "node:assert/strict";
import { atriumDialect, dialectFor, platformDialect } from "../../src/datasources/dialects/index.js";
import { toMember } from "../../src/datasources/atrium.mappers.js";

const credentials = { apiKey: "key-123", clientId: "client-456" };

test("Platform headers: Basic client_id:api_key, the api vendor type and Accept-Version; no MX-API-Key", () => {
  assert.deepEqual(platformDialect.headers(credentials), {
    accept: "application/vnd.mx.api.v1+json",
    "accept-version": "v20111101",
    authorization: `Basic ${Buffer.from("client-456:key-123").toString("base64")}`,
  });
  assert.deepEqual(atriumDialect.headers(credentials), {
    accept: "application/vnd.mx.atrium.v1+json",
    "mx-api-key": "key-123",
    "mx-client-id": "client-456",
  });
  assert.equal(dialectFor("platform"), platformDialect);
  assert.equal(dialectFor("atrium"), atriumDialect);
});

test("identify bodies and member normalisation differ only where the APIs do", () => {
  assert.equal(platformDialect.identifyBody(true), undefined);
  assert.deepEqual(atriumDialect.identifyBody(true), { member: { include_transactions: true } });
  assert.equal(atriumDialect.identifyBody(false), undefined);
  const wire = {
    guid: "MBR-1",
    user_guid: "USR-1",
    id: "partner-member-1",
    institution_code: "mxbank",
    connection_status: "CONNECTED",
    is_being_aggregated: false,
    most_recent_job_detail_code: null,
  };
  const member = toMember(platformDialect.normalizeMember(wire));
  assert.equal(member.identifier, "partner-member-1");
  assert.equal(member.status, null);
  const atrium = toMember(
    atriumDialect.normalizeMember({ ...wire, id: undefined, identifier: "x", status: "COMPLETED" }),
  );
  assert.equal(atrium.identifier, "x");
  assert.equal(atrium.status, "COMPLETED");
});
