/**
 * Changeable attributes (deleteEnabled, writeEnabled, readEnabled, listEnabled) of each repository
 * and manifest: the target must have what the plan recorded for the source, so a locked image stays
 * locked and a hidden one stays hidden. Only attributes the plan recorded are compared.
 *
 * Cost per repository: one GET /acr/v1/{repo} and ⌈manifests/100⌉ listing pages of the target, plus
 * one single-item read per manifest the listing hides (listEnabled=false). Metadata reads only.
 */
import { RelocationError } from '../errors.js';
import { getManifestItem } from '../inventory/acr-items.js';
import type { RequestGate } from '../inventory/gate.js';
import { acrManifestPages, getAcrRepository, type ChangeableAttributes } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { RepositoryRecord } from '../plan/model.js';
import type { ContentFailure } from './model.js';

const text = (attributes: Record<string, boolean | undefined>) =>
  Object.keys(attributes)
    .sort()
    .map((key) => `${key}=${attributes[key] === undefined ? 'absent' : String(attributes[key])}`)
    .join(', ');

/** The attributes where actual differs from expected, as two texts; undefined when they agree. */
export function attributeDifference(
  expected: Record<string, boolean> | undefined,
  actual: ChangeableAttributes,
): { expected: string; actual: string } | undefined {
  const keys = Object.keys(expected ?? {}).filter(
    (key) => expected![key] !== (actual as Record<string, boolean | undefined>)[key],
  );
  if (keys.length === 0) return undefined;
  const pick = (source: Record<string, boolean | undefined>) => Object.fromEntries(keys.map((k) => [k, source[k]]));
  return { expected: text(pick(expected!)), actual: text(pick(actual as Record<string, boolean | undefined>)) };
}

async function targetManifestAttributes(target: RegistryClient, repository: string) {
  const found = new Map<string, ChangeableAttributes>();
  for await (const page of acrManifestPages(target, repository)) {
    for (const entry of page) found.set(entry.digest, entry.changeableAttributes);
  }
  return found;
}

/**
 * Attribute failures of one repository. `present` are the plan's digests found in the target
 * (missing ones are already failures of their own).
 */
export async function checkAttributes(
  target: RegistryClient,
  repository: RepositoryRecord,
  present: ReadonlySet<string>,
  gate: RequestGate,
): Promise<ContentFailure[]> {
  const failures: ContentFailure[] = [];
  let listed: Map<string, ChangeableAttributes>;
  try {
    const attributes = await gate.run(() => getAcrRepository(target, repository.name));
    const difference = attributeDifference(repository.changeableAttributes, attributes.changeableAttributes);
    if (difference) failures.push({ repository: repository.name, kind: 'attributes', reference: '', ...difference });
    listed = await gate.run(() => targetManifestAttributes(target, repository.name));
  } catch (error) {
    // No such repository in the target: every manifest is reported missing already.
    if (error instanceof RelocationError && error.code === 'NOT_FOUND') return failures;
    throw error;
  }
  for (const manifest of repository.manifests) {
    if (!present.has(manifest.digest) || !manifest.changeableAttributes) continue;
    let actual = listed.get(manifest.digest);
    if (actual === undefined) {
      const item = await gate.run(() => getManifestItem(target, repository.name, manifest.digest));
      actual = item?.changeableAttributes ?? {};
    }
    const difference = attributeDifference(manifest.changeableAttributes, actual);
    if (difference) {
      failures.push({ repository: repository.name, kind: 'attributes', reference: manifest.digest, ...difference });
    }
  }
  return failures;
}
