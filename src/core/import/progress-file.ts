/**
 * The local progress file: which items this machine has VERIFIED in the target (manifest bytes,
 * children, config blobs), so that a re-run need not verify them again. It is never trusted over
 * the registry: an item is skipped only when the target's own listing shows its digest, closure
 * and tags right now; the file merely spares the deep check of items the listing already shows.
 * Lost, stale or from another plan or target: ignored (the run then verifies everything the
 * listing shows, which costs requests, not correctness). Written atomically, at most every few
 * seconds and at the end; a crash loses only the last few entries.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic.js';
import type { EngineTiming } from './throttle/timing.js';

const VERSION = 1;

interface ProgressDocument {
  schemaVersion: number;
  planFingerprint: string;
  targetId: string;
  /** repository -> verified digests (sorted). */
  verified: Record<string, string[]>;
}

export interface ProgressJournal {
  has(repository: string, digest: string): boolean;
  add(repository: string, digest: string): void;
  flush(): Promise<void>;
}

export class ProgressFile implements ProgressJournal {
  private readonly verified = new Map<string, Set<string>>();
  private dirty = false;
  private lastWrite = 0;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly path: string,
    private readonly planFingerprint: string,
    private readonly targetId: string,
    private readonly timing: Pick<EngineTiming, 'now'>,
    private readonly intervalMs: number,
  ) {}

  /** Open (or start) the file; anything unreadable or for another plan/target starts empty. */
  static async open(
    path: string,
    planFingerprint: string,
    targetId: string,
    timing: Pick<EngineTiming, 'now'>,
    intervalMs = 5_000,
  ): Promise<ProgressFile> {
    const file = new ProgressFile(path, planFingerprint, targetId, timing, intervalMs);
    try {
      const doc = JSON.parse(await readFile(path, 'utf8')) as Partial<ProgressDocument>;
      const matches =
        doc.schemaVersion === VERSION &&
        doc.planFingerprint === planFingerprint &&
        doc.targetId?.toLowerCase() === targetId.toLowerCase();
      if (matches && doc.verified && typeof doc.verified === 'object') {
        for (const [repository, digests] of Object.entries(doc.verified)) {
          if (Array.isArray(digests))
            file.verified.set(repository, new Set(digests.filter((d) => typeof d === 'string')));
        }
      }
    } catch {
      // No file yet, or not ours to trust: start empty.
    }
    return file;
  }

  has(repository: string, digest: string): boolean {
    return this.verified.get(repository)?.has(digest) ?? false;
  }

  add(repository: string, digest: string): void {
    let set = this.verified.get(repository);
    if (!set) this.verified.set(repository, (set = new Set()));
    if (set.has(digest)) return;
    set.add(digest);
    this.dirty = true;
    if (this.timing.now() - this.lastWrite >= this.intervalMs) void this.flush().catch(() => undefined);
  }

  /** Write what changed (one write at a time). */
  flush(): Promise<void> {
    this.writing = this.writing
      .catch(() => undefined)
      .then(async () => {
        if (!this.dirty) return;
        this.dirty = false;
        this.lastWrite = this.timing.now();
        await writeFileAtomic(this.path, this.serialize());
      });
    return this.writing;
  }

  private serialize(): string {
    const verified = Object.fromEntries(
      [...this.verified.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([repo, set]) => [repo, [...set].sort()]),
    );
    const doc: ProgressDocument = {
      schemaVersion: VERSION,
      planFingerprint: this.planFingerprint,
      targetId: this.targetId,
      verified,
    };
    return `${JSON.stringify(doc)}\n`;
  }
}

/** No file: every listed item is verified (the default for library callers). */
export const NO_JOURNAL: ProgressJournal = {
  has: () => false,
  add: () => undefined,
  flush: () => Promise.resolve(),
};
