/**
 * The poller on a bus shared by two instances (DESIGN.md "Scale-out"), with
 * in-memory stand-ins for Redis: one cluster-wide bus with a stored last
 * message, one lease table, one nudge channel. The Redis versions are tested
 * against a real Redis in test/integration/redis-*.test.ts.
 */
import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { ServiceError } from "../../../src/domain/service-error.js";
import type { MemberStatusMessage } from "../../../src/subscriptions/member-status-message.js";
import { MemberStatusPoller } from "../../../src/subscriptions/member-status-poller.js";
import type { NudgeChannel } from "../../../src/subscriptions/ports.js";
import type { PollOwnership } from "../../../src/subscriptions/ports.js";
import {
  InMemoryStatusEventBus,
  type StatusEventBus,
  type StatusListener,
} from "../../../src/subscriptions/index.js";
import { FakeClock, settle } from "./helpers/fake-clock.js";
import { FakeStatusSource } from "./helpers/fake-status-source.js";
import {
  DONE,
  IDLE_INTERVAL_MS,
  INTERVAL_MS,
  MEMBER,
  RUNNING,
  USER,
  label,
  record,
} from "./helpers/poller-fixtures.js";

/** What Redis holds for the whole cluster. */
class Cluster {
  readonly buses: SharedBus[] = [];
  readonly last = new Map<string, MemberStatusMessage>();
  readonly leases = new Map<string, string>();
  readonly nudgeHandlers = new Map<string, (topic: string) => void>();
}

/** One instance's bus: publishing reaches every instance's listeners; the last message is stored. */
class SharedBus implements StatusEventBus {
  readonly local = new InMemoryStatusEventBus();
  available = true;
  failNextPublish = false;
  constructor(private readonly cluster: Cluster) {
    cluster.buses.push(this);
  }
  publish(topic: string, message: MemberStatusMessage): Promise<void> {
    if (this.failNextPublish) {
      this.failNextPublish = false;
      return Promise.reject(new Error("redis down"));
    }
    this.cluster.last.set(topic, message);
    for (const bus of this.cluster.buses) bus.local.publish(topic, message);
    return Promise.resolve();
  }
  subscribe(topic: string, listener: StatusListener): () => void {
    return this.local.subscribe(topic, listener);
  }
  last(topic: string): Promise<MemberStatusMessage | undefined> {
    return Promise.resolve(this.cluster.last.get(topic));
  }
  isAvailable(): boolean {
    return this.available;
  }
  close(): Promise<void> {
    return this.local.close();
  }
}

function instance(cluster: Cluster, id: string, clock: FakeClock, source: FakeStatusSource) {
  const bus = new SharedBus(cluster);
  const ownership: PollOwnership = {
    acquire: (key) => {
      const holder = cluster.leases.get(key);
      if (holder === undefined) cluster.leases.set(key, id);
      return Promise.resolve((holder ?? id) === id);
    },
    renew: (key) => Promise.resolve(cluster.leases.get(key) === id),
    release: (key) => {
      if (cluster.leases.get(key) === id) cluster.leases.delete(key);
    },
  };
  const nudges: NudgeChannel = {
    send: (topic) => {
      for (const [other, handler] of cluster.nudgeHandlers) if (other !== id) handler(topic);
    },
    listen: (handler) => {
      cluster.nudgeHandlers.set(id, handler);
      return () => cluster.nudgeHandlers.delete(id);
    },
  };
  const poller = new MemberStatusPoller({
    source,
    bus,
    ownership,
    nudges,
    clock,
    intervalMs: INTERVAL_MS,
    idleIntervalMs: IDLE_INTERVAL_MS,
  });
  return { bus, poller };
}

void describe("member status poller: on a bus shared by two instances", () => {
  let cluster: Cluster;
  let clock: FakeClock;
  let source: FakeStatusSource;
  let a: ReturnType<typeof instance>;
  let b: ReturnType<typeof instance>;

  function setUp(initial = RUNNING): void {
    cluster = new Cluster();
    clock = new FakeClock();
    // One upstream for both instances: its calls are the cluster's calls.
    source = new FakeStatusSource(clock, initial);
    a = instance(cluster, "a", clock, source);
    b = instance(cluster, "b", clock, source);
  }
  afterEach(async () => {
    await a.poller.close();
    await b.poller.close();
  });

  it("a first subscriber on the other instance gets the stored status; only the owner polls", async () => {
    setUp();
    const onA = record(a.poller.subscribe(USER, MEMBER));
    await settle();
    assert.equal(source.calls.length, 1);
    const onB = record(b.poller.subscribe(USER, MEMBER));
    await settle();
    assert.deepEqual(onB.labels(), ["CONNECTED*"], "replayed, not polled");
    assert.equal(source.calls.length, 1);
    await clock.advance(INTERVAL_MS * 3);
    assert.equal(source.calls.length, 4, "one call per tick, not one per instance");
    // A late subscriber on b gets what b's loop mirrored from the bus.
    const lateOnB = record(b.poller.subscribe(USER, MEMBER));
    await settle();
    assert.deepEqual(lateOnB.labels(), ["CONNECTED*"]);
    assert.deepEqual(onA.labels(), ["CONNECTED*"]);
  });

  it("a takeover after the owner left publishes only changes", async () => {
    setUp();
    const onA = record(a.poller.subscribe(USER, MEMBER));
    await settle();
    const onB = record(b.poller.subscribe(USER, MEMBER));
    await settle();
    await onA.close();
    await settle();
    assert.equal(cluster.leases.size, 0, "released");
    await clock.advance(INTERVAL_MS); // b takes the lease and polls the same status
    assert.equal(cluster.leases.get(`member-status:${USER}:${MEMBER}`), "b");
    assert.deepEqual(onB.labels(), ["CONNECTED*"], "no repeat of the current status");
    source.set(DONE);
    await clock.advance(INTERVAL_MS);
    assert.deepEqual(onB.labels(), ["CONNECTED*", "CONNECTED"]);
  });

  it("a mutation on the instance that does not poll makes the owner poll now", async () => {
    setUp();
    record(a.poller.subscribe(USER, MEMBER));
    await settle();
    record(b.poller.subscribe(USER, MEMBER));
    await settle();
    const calls = source.calls.length;
    b.poller.nudge(USER, MEMBER);
    await settle();
    assert.equal(source.calls.length, calls + 1, "a polled without waiting for its timer");
    a.poller.nudge(USER, MEMBER);
    await settle();
    assert.equal(source.calls.length, calls + 2, "the owner nudges itself");
  });

  it("refuses new subscriptions with UPSTREAM_UNAVAILABLE while the bus is down", () => {
    setUp();
    a.bus.available = false;
    assert.throws(
      () => a.poller.subscribe(USER, MEMBER),
      (error) => error instanceof ServiceError && error.code === "UPSTREAM_UNAVAILABLE",
    );
  });

  it("a status whose publication failed is sent with the next reading", async () => {
    setUp();
    const onA = record(a.poller.subscribe(USER, MEMBER));
    await settle();
    a.bus.failNextPublish = true;
    source.set(DONE);
    await clock.advance(INTERVAL_MS);
    assert.deepEqual(onA.labels(), ["CONNECTED*"], "lost on the way");
    await clock.advance(IDLE_INTERVAL_MS);
    assert.deepEqual(onA.labels(), ["CONNECTED*", "CONNECTED"]);
    assert.equal(label(cluster.last.get(`member-status:${USER}:${MEMBER}`)!), "CONNECTED");
  });
});
