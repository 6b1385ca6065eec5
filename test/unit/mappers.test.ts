import { test } from "node:test";
import assert from "node:assert/strict";
import {
  MalformedBodyError,
  toAccountOwner,
  toChallenge,
  toMember,
  toStatusReading,
  unwrapList,
  unwrapObject,
} from "../../src/datasources/atrium.mappers.js";

// Sample bodies from atrium-evidence.md §7.
const readMember = {
  member: {
    aggregated_at: "2016-10-13T18:07:57+00:00",
    connection_status: "CONNECTED",
    guid: "MBR-7c6f361b-e582-15b6-60c0-358f12466b4b",
    identifier: "unique_id",
    institution_code: "mxbank",
    is_being_aggregated: false,
    metadata: '{"credentials_last_refreshed_at": "2015-10-15"}',
    name: "MX Bank",
    status: "COMPLETED",
    successfully_aggregated_at: "2016-10-13T17:57:38+00:00",
    user_guid: "USR-fa7537f3-48aa-a683-a02a-b18940482f54",
  },
};

test("a documented member body maps to camelCase with dates", () => {
  const member = toMember(unwrapObject(readMember, "member"));
  assert.equal(member.guid, "MBR-7c6f361b-e582-15b6-60c0-358f12466b4b");
  assert.equal(member.connectionStatus, "CONNECTED");
  assert.equal(member.isOauth, false);
  assert.equal(member.aggregatedAt?.toISOString(), "2016-10-13T18:07:57.000Z");
});

test("a challenged status carries its challenges", () => {
  const reading = toStatusReading({
    aggregated_at: "2018-06-25T20:04:19Z",
    challenges: [
      {
        field_name: "What city were you born in?",
        guid: "CRD-1",
        label: "What city were you born in?",
        type: "TEXT",
      },
    ],
    connection_status: "CHALLENGED",
    guid: "MBR-1",
    is_being_aggregated: true,
  });
  assert.equal(reading.challenges.length, 1);
  assert.equal(reading.challenges[0]?.fieldName, "What city were you born in?");
  assert.deepEqual(reading.challenges[0]?.options, []);
});

test("options and image options map with their values", () => {
  const challenge = toChallenge({
    guid: "CRD-2",
    type: "IMAGE_OPTIONS",
    image_options: [{ data_uri: "data:image/png;base64,AAA", label: "IMAGE_1", value: "image_data" }],
  });
  assert.deepEqual(challenge.imageOptions, [
    { label: "IMAGE_1", value: "image_data", dataUri: "data:image/png;base64,AAA" },
  ]);
});

test("missing required fields are malformed, not undefined", () => {
  assert.throws(() => toMember({ guid: "MBR-1" }), MalformedBodyError);
  assert.throws(() => toMember({ ...readMember.member, connection_status: "HAPPY" }), MalformedBodyError);
  assert.throws(() => toMember({ ...readMember.member, aggregated_at: "yesterday" }), MalformedBodyError);
  assert.throws(() => unwrapObject({ user: {} }, "member"), MalformedBodyError);
  assert.throws(() => unwrapList({ members: "x" }, "members"), MalformedBodyError);
  assert.throws(() => toAccountOwner({ guid: "ACO-1" }), MalformedBodyError);
});

test("lists tolerate a missing pagination object", () => {
  const list = unwrapList({ account_owners: [] }, "account_owners");
  assert.equal(list.pagination, undefined);
});
