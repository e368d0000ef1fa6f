/**
 * The brownout (retire-mode: disable): the source stops serving, reversibly, before anyone deletes it.
 *   1. every repository: readEnabled=false, writeEnabled=false (data plane; role assignments untouched);
 *   2. the registry: publicNetworkAccess=Disabled (ARM), last, because it also closes the data plane.
 * What was there before is recorded first (retire-state.json next to the plan); a re-run keeps the
 * values recorded by the first run, so "disabled" is never recorded as the value to restore. "Before"
 * means before acr-relocate touched the source: a repository frozen by freeze-source is recorded with
 * the writeEnabled it had before the freeze (freeze.json), not the frozen "false".
 * restore undoes it in the opposite order: network access first (to reach the data plane again),
 * then each repository's recorded attributes, exactly.
 */
import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { azureCall } from '../azure/errors.js';
import type { RegistryId } from '../azure/resource-id.js';
import { RelocationError } from '../errors.js';
import { getAcrRepository, listAcrRepositories, updateAcrAttributes } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { mapWithLimit } from '../util/pool.js';
import type { BrownoutRecord, RepositoryAccess } from './model.js';
import { writeRecord } from './record.js';

export interface BrownoutTarget {
  arm: ContainerRegistryManagementClient;
  ref: RegistryId;
  data: RegistryClient;
  recordPath: string;
  concurrency: number;
  pollIntervalMs?: number;
}

const DISABLED: Required<RepositoryAccess> = { readEnabled: false, writeEnabled: false };

async function accessOf(data: RegistryClient, repository: string): Promise<RepositoryAccess> {
  const attributes = (await getAcrRepository(data, repository)).changeableAttributes;
  return { readEnabled: attributes.readEnabled ?? true, writeEnabled: attributes.writeEnabled ?? true };
}

async function setPublicNetworkAccess(target: BrownoutTarget, value: string): Promise<void> {
  await azureCall(`Setting publicNetworkAccess=${value} on ${target.ref.name}`, () =>
    target.arm.registries.beginUpdateAndWait(
      target.ref.resourceGroup,
      target.ref.name,
      { publicNetworkAccess: value },
      { updateIntervalInMs: target.pollIntervalMs ?? 2000 },
    ),
  );
}

export interface DisableInput {
  /** The record of an earlier, unfinished or repeated brownout of this relocation. */
  earlier?: BrownoutRecord;
  base: Omit<
    BrownoutRecord,
    'repositories' | 'previousPublicNetworkAccess' | 'disabledAt' | 'completedAt' | 'restoredAt'
  >;
  currentPublicNetworkAccess: string;
  /** writeEnabled per repository before freeze-source froze it (an active freeze of this relocation). */
  beforeFreeze?: ReadonlyMap<string, boolean>;
  now: () => Date;
}

/** What the repository had before acr-relocate changed it: its current access, unfrozen. */
function untouched(name: string, current: RepositoryAccess, input: DisableInput): RepositoryAccess {
  const writeEnabled = input.beforeFreeze?.get(name);
  return writeEnabled === undefined ? current : { ...current, writeEnabled };
}

/** Record, then disable. Returns the completed record and plain sentences of what changed. */
export async function disableSource(
  target: BrownoutTarget,
  input: DisableInput,
): Promise<{ record: BrownoutRecord; actions: string[] }> {
  const earlier = new Map((input.earlier?.repositories ?? []).map((r) => [r.name, r.previous]));
  const names = (await listAcrRepositories(target.data)).sort();
  const repositories = await mapWithLimit(names, target.concurrency, async (name) => {
    const current = await accessOf(target.data, name);
    return { name, current, previous: earlier.get(name) ?? untouched(name, current, input) };
  });
  const record: BrownoutRecord = {
    ...input.base,
    disabledAt: input.earlier?.disabledAt ?? input.now().toISOString(),
    previousPublicNetworkAccess: input.earlier?.previousPublicNetworkAccess ?? input.currentPublicNetworkAccess,
    repositories: [
      ...(input.earlier?.repositories ?? []).filter((r) => !names.includes(r.name)),
      ...repositories.map(({ name, previous }) => ({ name, previous })),
    ].sort((a, b) => a.name.localeCompare(b.name)),
  };
  await writeRecord(target.recordPath, record);

  const toChange = repositories.filter((r) => r.current.readEnabled !== false || r.current.writeEnabled !== false);
  await mapWithLimit(toChange, target.concurrency, (r) =>
    updateAcrAttributes(target.data, { repository: r.name }, DISABLED),
  );
  const actions = [
    `Set readEnabled=false and writeEnabled=false on ${toChange.length} of ${names.length} repositories.`,
  ];
  if (input.currentPublicNetworkAccess !== 'Disabled') {
    await setPublicNetworkAccess(target, 'Disabled');
    actions.push(`Set public network access to Disabled (was ${record.previousPublicNetworkAccess}).`);
  }
  const completed = { ...record, completedAt: input.now().toISOString() };
  await writeRecord(target.recordPath, completed);
  return { record: completed, actions };
}

/** Put back what the record says, network access first. */
export async function restoreBrownout(
  target: BrownoutTarget,
  record: BrownoutRecord,
  currentPublicNetworkAccess: string,
  now: () => Date,
): Promise<string[]> {
  const actions: string[] = [];
  if (currentPublicNetworkAccess !== record.previousPublicNetworkAccess) {
    await setPublicNetworkAccess(target, record.previousPublicNetworkAccess);
    actions.push(`Set public network access back to ${record.previousPublicNetworkAccess}.`);
  }
  const gone: string[] = [];
  await mapWithLimit(record.repositories, target.concurrency, async (repository) => {
    try {
      await updateAcrAttributes(target.data, { repository: repository.name }, repository.previous);
    } catch (error) {
      // Deleted since the brownout: nothing left to restore there.
      if (!(error instanceof RelocationError && error.code === 'NOT_FOUND')) throw error;
      gone.push(repository.name);
    }
  });
  actions.push(
    `Restored readEnabled/writeEnabled of ${record.repositories.length - gone.length} repositories to their recorded values.`,
  );
  if (gone.length > 0) actions.push(`${gone.length} recorded repositories no longer exist: ${gone.sort().join(', ')}.`);
  await writeRecord(target.recordPath, { ...record, restoredAt: now().toISOString() });
  return actions;
}
