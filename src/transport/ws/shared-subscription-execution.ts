/**
 * Subscription execution that runs once per event, not once per subscriber.
 *
 * graphql-js executes the selection set for every subscriber and every event.
 * Here the result is memoised per (event payload object, document, operation,
 * variables): with one shared poll loop publishing one payload object to
 * 10,000 subscribers of the same query, it executes once and 9,999 reuse it.
 *
 * Sound only because every Subscription field's result depends on the payload
 * and arguments alone, never on the context (memberStatus returns the poller's
 * reading, and the payload object is already per user and member). A new
 * subscription field that reads the context must not use this.
 *
 * An event whose result equals the one a subscriber got last (the poller saw a
 * change in a field this subscription did not select) is not sent again.
 */
import {
  createSourceEventStream,
  execute,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
} from "graphql";

/** A formatted result and its JSON text, the latter to tell repeated results apart once per event. */
interface Shared {
  result: ExecutionResult;
  text: string;
}
type Result = Shared | Promise<Shared>;

/** Shapes a result for clients (error codes, masking); runs once per event, not per subscriber. */
export type ResultFormatter = (result: ExecutionResult) => ExecutionResult;

const documentIds = new WeakMap<DocumentNode, number>();
let nextDocumentId = 0;
const resultsByPayload = new WeakMap<object, Map<string, Result>>();

function executionKey(args: ExecutionArgs): string {
  let id = documentIds.get(args.document);
  if (id === undefined) {
    id = nextDocumentId++;
    documentIds.set(args.document, id);
  }
  return `${id}|${args.operationName ?? ""}|${args.variableValues ? JSON.stringify(args.variableValues) : ""}`;
}

/** Synchronous when execution is (memberStatus resolves synchronously): no promise per subscriber. */
function run(args: ExecutionArgs, payload: unknown, format: ResultFormatter): Result {
  const share = (raw: ExecutionResult): Shared => {
    const result = format(raw);
    return { result, text: JSON.stringify(result) };
  };
  const result = execute({ ...args, rootValue: payload });
  return result instanceof Promise ? result.then(share) : share(result);
}

function executeOnce(args: ExecutionArgs, payload: unknown, key: string, format: ResultFormatter): Result {
  if (typeof payload !== "object" || payload === null) return run(args, payload, format);
  let results = resultsByPayload.get(payload);
  if (!results) {
    results = new Map();
    resultsByPayload.set(payload, results);
  }
  let result = results.get(key);
  if (!result) {
    result = run(args, payload, format);
    results.set(key, result);
  }
  return result;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

/** graphql-ws's `subscribe` option: graphql-js's, with shared, pre-formatted per-event results. */
export async function subscribeWithSharedExecution(
  args: ExecutionArgs,
  format: ResultFormatter,
): Promise<AsyncGenerator<ExecutionResult, void, void> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!isAsyncIterable(source)) return format(source);
  const key = executionKey(args);
  const iterator = source[Symbol.asyncIterator]();
  let lastText: string | undefined;
  // Not an `async function*`: a generator's return() waits behind a pending next(),
  // so a client leaving an idle subscription would keep the poller's reference.
  // Here return() reaches the source (the poller's iterator) at once.
  const events: AsyncGenerator<ExecutionResult, void, void> = {
    async next() {
      for (;;) {
        const next = await iterator.next();
        if (next.done) return { done: true, value: undefined };
        const pending = executeOnce(args, next.value, key, format);
        const shared = pending instanceof Promise ? await pending : pending;
        if (shared.text === lastText) continue;
        lastText = shared.text;
        return { done: false, value: shared.result };
      }
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return events;
}
