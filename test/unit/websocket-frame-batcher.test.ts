import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocket, WebSocketServer } from "ws";
import { batchTextFrames, FLUSH_FRAMES } from "../../src/transport/ws/websocket-frame-batcher.js";

/** A ws server whose sockets batch, and a plain ws client that records what it parses. */
async function connectedPair(): Promise<{
  server: WebSocket;
  received: string[];
  client: WebSocket;
  writes: () => number;
  stop: () => Promise<void>;
}> {
  const wss = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  await once(wss, "listening");
  let writeCount = 0;
  const connected = new Promise<WebSocket>((resolve) =>
    wss.on("connection", (socket, request) => {
      const tcp = request.socket;
      const write = tcp.write.bind(tcp) as (...args: unknown[]) => boolean;
      tcp.write = (...args: unknown[]) => {
        writeCount++;
        return write(...args);
      };
      batchTextFrames(socket, tcp);
      resolve(socket);
    }),
  );
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`);
  const received: string[] = [];
  client.on("message", (data: Buffer) => received.push(data.toString("utf8")));
  const server = await connected;
  await once(client, "open");
  writeCount = 0;
  return {
    server,
    received,
    client,
    writes: () => writeCount,
    stop: async () => {
      client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    },
  };
}

const until = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.ok(check(), "condition not reached in 2 s");
};

test("every payload length class and multi-byte text arrives intact, in order, as ws parses it", async () => {
  const pair = await connectedPair();
  try {
    const messages = [
      "",
      "x".repeat(125),
      "y".repeat(126),
      "z".repeat(0xffff),
      "w".repeat(0x10000),
      "Zürich — 東京 🏦".repeat(40),
    ];
    for (const message of messages) pair.server.send(message);
    await until(() => pair.received.length === messages.length);
    assert.deepEqual(pair.received, messages);
  } finally {
    await pair.stop();
  }
});

test("a burst on one socket is written in one write per FLUSH_FRAMES messages, and send callbacks run", async () => {
  const pair = await connectedPair();
  try {
    const count = FLUSH_FRAMES * 3 + 5;
    let acknowledged = 0;
    for (let i = 0; i < count; i++) pair.server.send(`{"n":${i}}`, () => acknowledged++);
    await until(() => pair.received.length === count);
    assert.deepEqual(
      pair.received.map((m) => (JSON.parse(m) as { n: number }).n),
      Array.from({ length: count }, (_, i) => i),
    );
    assert.equal(acknowledged, count);
    assert.equal(pair.writes(), 4);
  } finally {
    await pair.stop();
  }
});

test("queued messages go before a close frame, and binary sends keep their place", async () => {
  const pair = await connectedPair();
  try {
    pair.server.send("first");
    pair.server.send(Buffer.from("binary"));
    pair.server.send("last");
    pair.server.close(4403, "Forbidden");
    const [code] = (await once(pair.client, "close")) as [number];
    assert.equal(code, 4403);
    assert.deepEqual(pair.received, ["first", "binary", "last"]);
  } finally {
    await pair.stop();
  }
});

test("messages queued when the peer has gone are dropped and still acknowledged", async () => {
  const pair = await connectedPair();
  try {
    let acknowledged = 0;
    pair.server.send("lost", () => acknowledged++);
    pair.server.terminate();
    await once(pair.server, "close");
    assert.equal(acknowledged, 1);
  } finally {
    await pair.stop();
  }
});
