/**
 * Deterministic sharding of the work by repository, so a job matrix can share a huge registry:
 * repository r belongs to shard 1 + (h(r) mod n), with h the first 32 bits of sha256(r). Every job
 * computes the same assignment from the name alone (not from sizes or the order of a listing), so
 * shards never overlap and together cover every repository, even when each job re-inventories the
 * source (`refresh`) and sees a slightly different registry.
 */
import { createHash } from 'node:crypto';
import { RelocationError } from '../errors.js';

export interface Shard {
  /** 1-based index of this job's shard. */
  index: number;
  /** Number of shards. */
  count: number;
}

export const WHOLE: Shard = { index: 1, count: 1 };

/** Shards beyond this make no sense (a repository is the unit) and would hint at a typo. */
const MAX_SHARDS = 1000;

/** Parse `i/n` (1 ≤ i ≤ n); anything else is an INPUT_INVALID error naming the input. */
export function parseShard(text: string | undefined, label = 'shard'): Shard {
  if (text === undefined || text.trim() === '') return WHOLE;
  const match = /^\s*(\d{1,4})\s*\/\s*(\d{1,4})\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || count > MAX_SHARDS || index < 1 || index > count) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${label} "${text}" is not a shard: expected i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}.`,
      'For a matrix of 4 jobs, give each job one of 1/4, 2/4, 3/4 and 4/4 (1/1, the default, is everything).',
    );
  }
  return { index, count };
}

/** The 1-based shard a repository belongs to among `count` shards. */
export function shardOf(repository: string, count: number): number {
  if (count <= 1) return 1;
  const head = createHash('sha256').update(repository, 'utf8').digest().readUInt32BE(0);
  return 1 + (head % count);
}

export function inShard(repository: string, shard: Shard): boolean {
  return shardOf(repository, shard.count) === shard.index;
}

export function describeShard(shard: Shard): string {
  return `${shard.index}/${shard.count}`;
}
