/**
 * A small seeded PRNG (mulberry32). Fault rules draw from their own generator so that the same seed and
 * the same sequence of matching requests always fire the same faults, whatever other services do.
 */
import { createHash } from 'node:crypto';

export type Random = () => number;

export function hashSeed(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32LE(0);
}

export function createRandom(seed: string): Random {
  let state = hashSeed(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
