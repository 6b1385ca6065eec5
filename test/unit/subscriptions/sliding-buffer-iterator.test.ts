import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SlidingBufferIterator } from "../../../src/subscriptions/sliding-buffer-iterator.js";

void describe("SlidingBufferIterator", () => {
  void it("hands a pushed item to a pending next()", async () => {
    const iterator = new SlidingBufferIterator<number>();
    const pending = iterator.next();
    iterator.push(1);
    assert.deepEqual(await pending, { done: false, value: 1 });
  });

  void it("drops the oldest items for a slow consumer and keeps the newest", async () => {
    const iterator = new SlidingBufferIterator<number>({ bufferSize: 3 });
    for (let i = 1; i <= 10; i++) iterator.push(i);
    assert.equal(iterator.dropped, 7);
    const values: number[] = [];
    for (let i = 0; i < 3; i++) values.push((await iterator.next()).value as number);
    assert.deepEqual(values, [8, 9, 10]);
  });

  void it("keeps 16 items by default", () => {
    const iterator = new SlidingBufferIterator<number>();
    for (let i = 0; i < 20; i++) iterator.push(i);
    assert.equal(iterator.dropped, 4);
  });

  void it("rejects a buffer size that is not a positive integer", () => {
    assert.throws(() => new SlidingBufferIterator({ bufferSize: 0 }), RangeError);
    assert.throws(() => new SlidingBufferIterator({ bufferSize: 1.5 }), RangeError);
  });

  void it("runs onFirstNext once, on the first next(), and returns an item it pushes", async () => {
    let starts = 0;
    const iterator: SlidingBufferIterator<string> = new SlidingBufferIterator<string>({
      onFirstNext: () => {
        starts++;
        iterator.push("current");
      },
    });
    assert.equal(starts, 0);
    assert.deepEqual(await iterator.next(), { done: false, value: "current" });
    void iterator.next();
    assert.equal(starts, 1);
    await iterator.return();
  });

  void it("closes and rejects the first next() when onFirstNext throws", async () => {
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({
      onFirstNext: () => {
        throw new Error("bus down");
      },
      onClose: () => closes++,
    });
    await assert.rejects(iterator.next(), /bus down/);
    assert.equal(closes, 1);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  void it("return() resolves pending next() calls as done and runs onClose exactly once", async () => {
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({ onClose: () => closes++ });
    const first = iterator.next();
    const second = iterator.next();
    assert.deepEqual(await iterator.return(), { done: true, value: undefined });
    await iterator.return();
    iterator.close();
    iterator.end();
    assert.deepEqual(await first, { done: true, value: undefined });
    assert.deepEqual(await second, { done: true, value: undefined });
    assert.equal(closes, 1);
    iterator.push(1);
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  void it("return() before any next() never runs onFirstNext", async () => {
    let starts = 0;
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({
      onFirstNext: () => starts++,
      onClose: () => closes++,
    });
    await iterator.return();
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
    assert.equal(starts, 0);
    assert.equal(closes, 1);
  });

  void it("throw() ends the iterator, runs onClose once and rejects with the error", async () => {
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({ onClose: () => closes++ });
    const pending = iterator.next();
    await assert.rejects(iterator.throw(new Error("consumer failed")), /consumer failed/);
    assert.deepEqual(await pending, { done: true, value: undefined });
    assert.equal(closes, 1);
  });

  void it("end() delivers what is buffered, then is done", async () => {
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({ onClose: () => closes++ });
    iterator.push(1);
    iterator.push(2);
    iterator.end();
    assert.equal(closes, 1);
    const values: number[] = [];
    for await (const value of iterator) values.push(value);
    assert.deepEqual(values, [1, 2]);
  });

  void it("close() discards what is buffered", async () => {
    const iterator = new SlidingBufferIterator<number>();
    iterator.push(1);
    iterator.close();
    assert.deepEqual(await iterator.next(), { done: true, value: undefined });
  });

  void it("a for-await loop that breaks closes the iterator", async () => {
    let closes = 0;
    const iterator = new SlidingBufferIterator<number>({ onClose: () => closes++ });
    iterator.push(1);
    for await (const value of iterator) {
      assert.equal(value, 1);
      break;
    }
    assert.equal(closes, 1);
    assert.equal(iterator.isClosed, true);
  });
});
