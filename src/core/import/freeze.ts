/**
 * freeze-source: writeEnabled=false on every source repository in scope, so nothing changes between
 * the last inventory and cutover. Reversible and idempotent:
 * - the previous value of each repository is recorded BEFORE it is changed, in a small JSON file next
 *   to the plan (relocation/freeze.json), which retire-source reads: its brownout records these
 *   values (not the frozen "false") as the ones to restore, and `restore: true` undoes the freeze;
 * - the previous value is the plan's (what prepare saw), else the one recorded by an earlier freeze of
 *   the same relocation, else the registry's current one: a second run never records "false" as the
 *   value to restore just because the first run froze the repository;
 * - repositories already frozen are patched again (harmless) and keep their recorded value.
 * Only writes are blocked: pulls (and the import itself) keep working.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RelocationError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { getAcrRepository, updateAcrAttributes } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { mapWithLimit } from '../util/pool.js';

export interface FrozenRepository {
  name: string;
  /** writeEnabled to restore. */
  previousWriteEnabled: boolean;
  frozenAt: string;
}

export interface FreezeRecord {
  schemaVersion: 1;
  relocationId: string;
  sourceId: string;
  repositories: FrozenRepository[];
  /** Set once restoreSource undid the freeze. */
  restoredAt?: string;
}

export const FREEZE_FILE = 'freeze.json';

/** The freeze record lives next to the plan, like every other file a later stage reads. */
export function freezePathFor(planPath: string): string {
  return join(dirname(planPath), FREEZE_FILE);
}

/** A freeze of this relocation that was not undone. */
export function activeFreeze(record: FreezeRecord | undefined, relocationId: string): FreezeRecord | undefined {
  return record && !record.restoredAt && record.relocationId === relocationId ? record : undefined;
}

export interface FreezeOptions {
  path: string;
  relocationId: string;
  sourceId: string;
  repositories: readonly string[];
  /** writeEnabled per repository as the plan recorded it. */
  planned: ReadonlyMap<string, boolean | undefined>;
  now?: () => Date;
  concurrency?: number;
}

export async function readFreezeRecord(path: string): Promise<FreezeRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as FreezeRecord;
    if (record.schemaVersion !== 1 || !Array.isArray(record.repositories)) throw new Error('unknown format');
    return record;
  } catch (error) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${path} is not a freeze record written by acr-relocate (${(error as Error).message}).`,
      'Restore the file from the pipeline artifact, or delete it after checking writeEnabled on the source repositories by hand.',
    );
  }
}

/** Record, then freeze. Returns the repositories now frozen (all of `repositories`). */
export async function freezeSource(client: RegistryClient, options: FreezeOptions): Promise<FreezeRecord> {
  const now = (options.now ?? (() => new Date()))().toISOString();
  const existing = await readFreezeRecord(options.path);
  const earlier =
    existing && !existing.restoredAt && existing.relocationId === options.relocationId ? existing.repositories : [];
  const recorded = new Map(earlier.map((r) => [r.name, r]));
  const concurrency = options.concurrency ?? 8;
  const added = await mapWithLimit(
    options.repositories.filter((name) => !recorded.has(name)),
    concurrency,
    async (name): Promise<FrozenRepository> => ({
      name,
      previousWriteEnabled: options.planned.get(name) ?? (await currentWriteEnabled(client, name)),
      frozenAt: now,
    }),
  );
  const record: FreezeRecord = {
    schemaVersion: 1,
    relocationId: options.relocationId,
    sourceId: options.sourceId,
    repositories: [...earlier, ...added].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  await writeFileAtomic(options.path, `${JSON.stringify(record, null, 2)}\n`);
  await mapWithLimit(options.repositories, concurrency, (repository) =>
    updateAcrAttributes(client, { repository }, { writeEnabled: false }),
  );
  return record;
}

async function currentWriteEnabled(client: RegistryClient, repository: string): Promise<boolean> {
  const attributes = await getAcrRepository(client, repository);
  return attributes.changeableAttributes.writeEnabled ?? true;
}

export interface FreezeRestoreOptions {
  now?: () => Date;
  concurrency?: number;
  /**
   * writeEnabled values already put back on repositories just before (by the brownout's restore):
   * a repository whose value equals its recorded one is not sent the same change again.
   */
  alreadySet?: ReadonlyMap<string, boolean>;
}

export interface FreezeRestore {
  /** Repositories sent their recorded writeEnabled. */
  restored: string[];
  /** Repositories that already had it (alreadySet): nothing sent. */
  unchanged: string[];
  /** Repositories deleted since the freeze: nothing left to restore. */
  gone: string[];
}

/** Undo `record` (read from `path`): each repository gets its previous writeEnabled back, then restoredAt is recorded. */
export async function restoreFreeze(
  client: RegistryClient,
  path: string,
  record: FreezeRecord,
  options: FreezeRestoreOptions = {},
): Promise<FreezeRestore> {
  const result: FreezeRestore = { restored: [], unchanged: [], gone: [] };
  const alreadySet = options.alreadySet ?? new Map<string, boolean>();
  await mapWithLimit(record.repositories, options.concurrency ?? 8, async (repository) => {
    if (alreadySet.get(repository.name) === repository.previousWriteEnabled) {
      result.unchanged.push(repository.name);
      return;
    }
    try {
      await updateAcrAttributes(
        client,
        { repository: repository.name },
        { writeEnabled: repository.previousWriteEnabled },
      );
      result.restored.push(repository.name);
    } catch (error) {
      if (!(error instanceof RelocationError && error.code === 'NOT_FOUND')) throw error;
      result.gone.push(repository.name);
    }
  });
  const now = (options.now ?? (() => new Date()))().toISOString();
  await writeFileAtomic(path, `${JSON.stringify({ ...record, restoredAt: now }, null, 2)}\n`);
  for (const names of Object.values(result)) names.sort();
  return result;
}

/** Undo the freeze recorded at `path`, if not undone yet. Returns the repositories restored. */
export async function restoreSource(
  client: RegistryClient,
  path: string,
  now: () => Date = () => new Date(),
): Promise<string[]> {
  const record = await readFreezeRecord(path);
  if (!record || record.restoredAt) return [];
  return (await restoreFreeze(client, path, record, { now })).restored;
}
