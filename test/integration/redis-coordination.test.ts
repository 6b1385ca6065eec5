/**
 * The Redis building blocks on a real Redis, without servers: poll leases,
 * watcher marks, the MFA lock and the status bus, each "instance" being one
 * `createCoordination` with its own connections. Skipped without REDIS_URL /
 * REQUIRE_REDIS.
 */
import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { AtriumError } from "../../src/datasources/atrium-errors.js";
import { toStatusView } from "../../src/domain/member-status-rules.js";
import { createCoordination, type Coordination } from "../../src/scale-out/create-coordination.js";
import { RedisKeys } from "../../src/scale-out/redis-keys.js";
import type { MemberStatusMessage } from "../../src/subscriptions/index.js";
import { silentLog as silentLogger } from "../../src/observability/logger.js";
import {
  deleteKeysWithPrefix,
  describeWithRedis,
  keysWithPrefix,
  redisTestUrl,
  useTestRedis,
} from "../helpers/redis.js";
import { waitFor } from "../helpers/start-test-server.js";
import { sleep } from "../helpers/time.js";

const LEASE_MS = 300;
const TOPIC = "member-status:USR-1:MBR-1";

const STATUS: MemberStatusMessage = {
  kind: "status",
  status: toStatusView({
    memberGuid: "MBR-1",
    connectionStatus: "CONNECTED",
    status: null,
    isBeingAggregated: false,
    isAuthenticated: true,
    hasProcessedAccounts: true,
    hasProcessedTransactions: false,
    aggregatedAt: new Date("2026-01-02T03:04:05.000Z"),
    successfullyAggregatedAt: null,
    challenges: [],
  }),
};
const ERROR: MemberStatusMessage = { kind: "error", code: "UPSTREAM_UNAVAILABLE", message: "down" };

describeWithRedis("Redis coordination building blocks", () => {
  const { redis, prefix } = useTestRedis();
  const keys = new RedisKeys(prefix);
  let instances: Coordination[] = [];

  afterEach(async () => {
    await Promise.all(instances.map((i) => i.close()));
    instances = [];
    await deleteKeysWithPrefix(redis, prefix);
  });

  async function instance(extra: { mfaLockMs?: number } = {}): Promise<Coordination> {
    const coordination = await createCoordination({
      redisUrl: redisTestUrl,
      keyPrefix: prefix,
      pollIntervalMs: 100,
      leaseMs: LEASE_MS,
      logger: silentLogger,
      ...extra,
    });
    instances.push(coordination);
    return coordination;
  }

  test("one instance at a time holds a member's lease; renew and release check the holder", async () => {
    const [one, two] = [await instance(), await instance()];
    assert.equal(await one.ownership.acquire(TOPIC), true);
    assert.equal(await two.ownership.acquire(TOPIC), false);
    assert.equal(await two.ownership.renew(TOPIC), false);
    await two.ownership.release(TOPIC);
    assert.equal(await redis.get(keys.lease(TOPIC)), one.instanceId, "a non-holder cannot release");
    assert.equal(await one.ownership.renew(TOPIC), true);
    const ttl = await redis.pttl(keys.lease(TOPIC));
    assert.ok(ttl > 0 && ttl <= LEASE_MS, `lease ttl ${ttl}`);
    await one.ownership.release(TOPIC);
    assert.equal(await redis.exists(keys.lease(TOPIC)), 0);
    assert.equal(await two.ownership.acquire(TOPIC), true);
    await two.ownership.release(TOPIC);
    await one.ownership.leave?.(TOPIC);
    await two.ownership.leave?.(TOPIC);
    assert.deepEqual(await keysWithPrefix(redis, prefix), []);
  });

  test("the holder's timer keeps the lease while it polls slower than the lease; a dead holder's lease expires", async () => {
    const [owner, other] = [await instance(), await instance()];
    assert.equal(await owner.ownership.acquire(TOPIC), true);
    await sleep(4 * LEASE_MS); // no poll renews it meanwhile
    assert.equal(await other.ownership.acquire(TOPIC), false, "still the owner's");

    await owner.close(); // dead: renewals stop, nothing released
    const diedAt = Date.now();
    await waitFor(
      () => other.ownership.acquire(TOPIC),
      (held) => held,
      { timeoutMs: 4 * LEASE_MS, intervalMs: 20 },
    );
    const takeover = Date.now() - diedAt;
    assert.ok(takeover <= 2 * LEASE_MS, `taken over after ${takeover} ms`);
    await other.ownership.release(TOPIC);
    await other.ownership.leave?.(TOPIC);
    assert.deepEqual(await keysWithPrefix(redis, prefix), [], "the dead watcher's mark expired too");
  });

  test("the last instance to leave deletes the member's keys; earlier ones leave them", async () => {
    const [one, two] = [await instance(), await instance()];
    await one.ownership.acquire(TOPIC);
    await two.ownership.acquire(TOPIC); // not the holder, but a watcher now
    await one.bus.publish(TOPIC, STATUS);
    await one.ownership.release(TOPIC);
    await one.ownership.leave?.(TOPIC);
    assert.deepEqual(await keysWithPrefix(redis, prefix), [keys.last(TOPIC), keys.watchers(TOPIC)].sort());
    await two.ownership.leave?.(TOPIC);
    assert.deepEqual(await keysWithPrefix(redis, prefix), []);
  });

  test("the MFA lock serialises across instances, is released only by its taker, and its lease lapses", async () => {
    const [one, two] = [await instance(), await instance({ mfaLockMs: 200 })];
    assert.equal(await one.mfaGate.tryEnter("USR-1:MBR-1"), true);
    assert.equal(await two.mfaGate.tryEnter("USR-1:MBR-1"), false);
    assert.equal(await one.mfaGate.tryEnter("USR-1:MBR-1"), false, "also within one instance");
    await two.mfaGate.release("USR-1:MBR-1"); // not its lock: no effect
    assert.equal(await redis.exists(keys.mfaLock("USR-1:MBR-1")), 1);
    await one.mfaGate.release("USR-1:MBR-1");
    assert.equal(await two.mfaGate.tryEnter("USR-1:MBR-1"), true);
    // two's holder "dies" before releasing: its renewals stop reaching Redis, the lease lapses.
    two.redis!.command.disconnect();
    await sleep(300);
    assert.equal(await one.mfaGate.tryEnter("USR-1:MBR-1"), true);
    await two.mfaGate.release("USR-1:MBR-1"); // expired and taken by one: must not delete one's lock
    assert.equal(await redis.exists(keys.mfaLock("USR-1:MBR-1")), 1);
    await one.mfaGate.release("USR-1:MBR-1");
    assert.deepEqual(await keysWithPrefix(redis, prefix), []);
  });

  test("without Redis the MFA lock refuses with UPSTREAM_UNAVAILABLE", async () => {
    const one = await instance();
    one.redis!.command.disconnect();
    await assert.rejects(
      one.mfaGate.tryEnter("USR-1:MBR-1"),
      (error) => error instanceof AtriumError && error.code === "UPSTREAM_UNAVAILABLE",
    );
  });

  test("the bus carries messages between instances, subscribes only while listened, replays the last one once", async () => {
    const [one, two] = [await instance(), await instance()];
    const channel = keys.statusChannel(TOPIC);
    const numsub = async () => Number(((await redis.pubsub("NUMSUB", channel)) as [string, number])[1]);

    const seen: MemberStatusMessage[] = [];
    const stop = two.bus.subscribe(TOPIC, (m) => seen.push(m));
    await waitFor(numsub, (n) => n === 1);
    await one.bus.publish(TOPIC, STATUS);
    await waitFor(
      () => seen.length,
      (n) => n === 1,
    );
    assert.deepEqual(seen[0], STATUS, "dates survive the trip");
    assert.deepEqual(await two.bus.last(TOPIC), STATUS);
    assert.equal(seen.length, 1, "a replay never repeats what the listener has");

    // A first listener on another instance gets the stored message, then live ones.
    const late: MemberStatusMessage[] = [];
    const stopLate = one.bus.subscribe(TOPIC, (m) => late.push(m));
    await one.bus.last(TOPIC); // answers once the stored message was read (and replayed)
    assert.deepEqual(late, [STATUS]);
    await two.bus.publish(TOPIC, ERROR);
    await waitFor(
      () => late.length + seen.length,
      (n) => n === 4,
    );
    assert.deepEqual(late, [STATUS, ERROR]);
    assert.deepEqual(seen, [STATUS, ERROR]);

    stop();
    stopLate();
    await waitFor(numsub, (n) => n === 0);
    assert.equal(one.bus.isAvailable(), true);
  });
});
