import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { RelocationError } from '../errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import type { BrownoutRecord } from './model.js';

export const RECORD_FILE = 'retire-state.json';

/** The brownout record lives next to the plan, so pipelines pass both on as one artifact folder. */
export function recordPathFor(planPath: string): string {
  return join(dirname(planPath), RECORD_FILE);
}

function isRecord(value: unknown): value is BrownoutRecord {
  const r = value as Partial<BrownoutRecord> | null;
  return (
    !!r &&
    r.schemaVersion === 1 &&
    typeof r.relocationId === 'string' &&
    typeof r.sourceId === 'string' &&
    typeof r.reportFingerprint === 'string' &&
    typeof r.disabledAt === 'string' &&
    typeof r.previousPublicNetworkAccess === 'string' &&
    Array.isArray(r.repositories) &&
    r.repositories.every((repo) => typeof repo?.name === 'string' && typeof repo.previous === 'object')
  );
}

/** The record, or undefined when there is none. A file that is not one is an error, never ignored. */
export async function readRecord(path: string): Promise<BrownoutRecord | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  if (!isRecord(parsed)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${path} is not a brownout record written by acr-relocate.`,
      'Restore it from the pipeline artifact of the retire-source run that disabled the source. Without it, the previous public network access and repository attributes have to be set back by hand.',
    );
  }
  return parsed;
}

export async function writeRecord(path: string, record: BrownoutRecord): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
}

/** A brownout of this relocation that was not undone. */
export function activeRecord(record: BrownoutRecord | undefined, relocationId: string): BrownoutRecord | undefined {
  return record && !record.restoredAt && record.relocationId === relocationId ? record : undefined;
}
