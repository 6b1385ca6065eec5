/**
 * The small pieces every AtriumDataSource loader is made of: one upstream call
 * per distinct key, failures as DataLoader values, a 404 read as null.
 */
import DataLoader from "dataloader";
import { AtriumError } from "./atrium-errors.js";

/** A started read nobody may await (the member is missing): its failure is expected, not unhandled. */
export const observed = (promise: Promise<unknown>): void => {
  promise.catch(() => undefined);
};

/** Runs one upstream call per distinct key; DataLoader's contract: same length and order as keys. */
export function perKey<K, V>(load: (key: K) => Promise<V>): DataLoader<K, V> {
  return new DataLoader<K, V>((keys) =>
    Promise.all(keys.map((key) => load(key).catch((error: unknown) => toError(error)))),
  );
}

/** A load that also hands its answer to `keep` before anyone awaiting it sees it. */
export function keeping<V>(
  load: (key: string) => Promise<V>,
  keep: (key: string, value: V) => void,
): (key: string) => Promise<V> {
  return async (key) => {
    const value = await load(key);
    keep(key, value);
    return value;
  };
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export async function nullIfNotFound<T>(promise: Promise<T>): Promise<T | null> {
  try {
    return await promise;
  } catch (error) {
    if (error instanceof AtriumError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
