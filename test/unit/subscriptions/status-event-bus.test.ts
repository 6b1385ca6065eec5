import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { toStatusView } from "../../../src/domain/member-status-rules.js";
import type { MemberStatusMessage } from "../../../src/subscriptions/member-status-message.js";
import { InMemoryStatusEventBus } from "../../../src/subscriptions/index.js";
import { memberStatusTopic } from "../../../src/subscriptions/ports.js";
import { reading } from "./helpers/poller-fixtures.js";

const message: MemberStatusMessage = { kind: "status", status: toStatusView(reading()) };

void describe("InMemoryStatusEventBus", () => {
  void it("delivers the same message object to every listener of the topic only", () => {
    const bus = new InMemoryStatusEventBus();
    const received: MemberStatusMessage[] = [];
    const elsewhere: MemberStatusMessage[] = [];
    bus.subscribe("a", (m) => received.push(m));
    bus.subscribe("a", (m) => received.push(m));
    bus.subscribe("b", (m) => elsewhere.push(m));
    bus.publish("a", message);
    assert.equal(received.length, 2);
    assert.ok(received.every((m) => m === message));
    assert.equal(elsewhere.length, 0);
  });

  void it("forgets a topic when its last listener unsubscribes, and unsubscribing twice is harmless", () => {
    const bus = new InMemoryStatusEventBus();
    const first = bus.subscribe("a", () => {});
    const second = bus.subscribe("a", () => {});
    first();
    first();
    assert.equal(bus.listenerCount("a"), 1);
    second();
    assert.equal(bus.topicCount, 0);
  });

  void it("keeps delivering when a listener throws, then rethrows the first error", () => {
    const bus = new InMemoryStatusEventBus();
    let delivered = 0;
    bus.subscribe("a", () => {
      throw new Error("listener broke");
    });
    bus.subscribe("a", () => delivered++);
    assert.throws(() => bus.publish("a", message), /listener broke/);
    assert.equal(delivered, 1);
  });

  void it("lets a listener unsubscribe itself during delivery", () => {
    const bus = new InMemoryStatusEventBus();
    let calls = 0;
    const unsubscribe = bus.subscribe("a", () => {
      calls++;
      unsubscribe();
    });
    bus.subscribe("a", () => calls++);
    bus.publish("a", message);
    bus.publish("a", message);
    assert.equal(calls, 3);
  });

  void it("delivers nothing after close", async () => {
    const bus = new InMemoryStatusEventBus();
    let calls = 0;
    bus.subscribe("a", () => calls++);
    await bus.close();
    bus.subscribe("a", () => calls++);
    bus.publish("a", message);
    assert.equal(calls, 0);
  });
});

void describe("memberStatusTopic", () => {
  void it("names one topic per user and member", () => {
    assert.equal(memberStatusTopic("USR-1", "MBR-2"), "member-status:USR-1:MBR-2");
    assert.notEqual(memberStatusTopic("USR-1", "MBR-2"), memberStatusTopic("USR-9", "MBR-2"));
  });

  void it("cannot be forged with a colon in a guid", () => {
    assert.notEqual(memberStatusTopic("USR-1:MBR-2", "x"), memberStatusTopic("USR-1", "MBR-2:x"));
  });
});
