// A small seeded PRNG and helpers, so generated data depends only on its seed string.
import { createHash } from "node:crypto";

/** A seeded PRNG (mulberry32): returns floats in [0, 1). */
export type Prng = () => number;

/** A PRNG seeded from a string's SHA-256. */
export function prngFrom(seed: string): Prng {
  let state = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [min, max]. */
export function intBetween(rng: Prng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Money rounded to cents. */
export function money(value: number): number {
  return Math.round(value * 100) / 100;
}

/** One element of a non-empty list. */
export function pick<L extends readonly [unknown, ...unknown[]]>(rng: Prng, items: L): L[number] {
  return items[Math.floor(rng() * items.length)] ?? items[0];
}
