/**
 * Fixtures for node:test. Each `use…` registers the `before` hook that starts a thing and the
 * `after` hook that stops it, in the suite it is called in, and returns the thing at once: a
 * stand-in that forwards to it once its `before` hook has run. A test file says what it needs in
 * one line instead of a `let`, a `before` and an `after`:
 *
 *     const server = useTestServer({ api: "platform" });
 *     test("…", async () => { await server.gql(…); });
 *
 * Fixtures start in the order they are declared, each once the one before it is up, and stop
 * after the tests of their suite in the reverse order (the servers before the sandbox they share,
 * the Redis connection last). Node 20 runs a file's top-level `before` hooks at once, without
 * waiting for each other: a top-level hook that reads a fixture is declared with {@link setUp},
 * which runs it in that same order.
 */
import { after, before } from "node:test";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox/sandbox.js";
import {
  startProductionServer,
  type ProductionServer,
  type ProductionServerOptions,
} from "./production-server.js";
import { startTestServer, type StartTestServerOptions, type TestServer } from "./start-test-server.js";

/** Options, or a function that makes them when the fixture starts (for values known only then). */
export type Lazy<T> = T | (() => T | Promise<T>);

/** The value itself, or what its function makes. */
export async function resolveLazy<T>(lazy: Lazy<T>): Promise<T> {
  return typeof lazy === "function" ? (lazy as () => T | Promise<T>)() : lazy;
}

/** The file's setup steps (fixture starts and `setUp` hooks), one after the other. */
let steps: Promise<unknown> = Promise.resolve();

function inOrder<T>(step: () => Promise<T>): Promise<T> {
  const run = steps.catch(() => undefined).then(step);
  steps = run;
  return run;
}

/** A `before` hook that runs after the fixtures and `setUp` hooks declared ahead of it. */
export function setUp(hook: () => unknown): void {
  before(() => inOrder(async () => void (await hook())));
}

interface Started {
  stop(): Promise<void>;
}

/** Fixtures started and not yet stopped, in the order they started. */
const live: Started[] = [];

/**
 * Starts `start()` before the suite's tests and `stop`s it after them; returns its stand-in.
 * `what` names it in the error a too early read throws.
 */
export function useFixture<T extends object>(
  what: string,
  start: () => Promise<T>,
  stop: (value: T) => unknown,
): T {
  let value: T | undefined;
  let entry: Started | undefined;
  before(() =>
    inOrder(async () => {
      const started = await start();
      value = started;
      entry = { stop: async () => void (await stop(started)) };
      live.push(entry);
    }),
  );
  after(async () => {
    const index = entry ? live.indexOf(entry) : -1;
    if (index === -1) return; // never started, or stopped with a fixture that started before it
    // The first of the suite's after hooks stops this fixture and every later one, last first.
    const errors: unknown[] = [];
    for (const started of live.splice(index).reverse()) {
      try {
        await started.stop();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw errors[0];
  });
  return standIn(what, () => value);
}

/** An object that forwards every read and write to `current()`, which must be there by then. */
function standIn<T extends object>(what: string, current: () => T | undefined): T {
  const target = (): T => {
    const value = current();
    if (value === undefined)
      throw new Error(`${what} is not started yet: use it in a test or a hook after its before hook`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, key) {
      // Promise resolution looks for `then`: a stand-in is never a thenable.
      if (key === "then") return undefined;
      const value = target();
      const property: unknown = Reflect.get(value, key, value);
      return typeof property === "function" ? (property as () => unknown).bind(value) : property;
    },
    set: (_, key, property) => Reflect.set(target(), key, property),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor(_, key) {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
  });
}

/** `close` that runs once, so a test may close its fixture early. */
function closeOnce<T extends { close(): Promise<void> }>(thing: T): T {
  let closing: Promise<void> | undefined;
  return { ...thing, close: () => (closing ??= thing.close()) };
}

/** A sandbox of its own for the suite (real HTTP on an ephemeral port). */
export function useSandbox(options: Lazy<SandboxOptions> = {}): Sandbox {
  return useFixture(
    "the sandbox",
    async () => startSandbox(await resolveLazy(options)),
    (sandbox) => sandbox.close(),
  );
}

/** The real server with its embedded sandbox, or on `upstream` (see {@link startTestServer}). */
export function useTestServer(options: Lazy<StartTestServerOptions> = {}): TestServer {
  return useFixture(
    "the test server",
    async () => closeOnce(await startTestServer(await resolveLazy(options))),
    (server) => server.close(),
  );
}

/** A production-mode server in front of its own sandbox or another upstream. */
export function useProductionServer(options: Lazy<ProductionServerOptions> = {}): ProductionServer {
  return useFixture(
    "the production server",
    async () => closeOnce(await startProductionServer(await resolveLazy(options))),
    (prod) => prod.close(),
  );
}
