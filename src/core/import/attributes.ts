/**
 * Changeable attributes (writeEnabled, deleteEnabled, readEnabled, listEnabled) the target must end
 * with, and where they are read and written. The plan records them per repository and per manifest
 * (verify compares exactly those), so a locked image stays locked and a hidden one stays hidden after
 * the move. Tag attributes are not in the plan, so tag locks are not carried.
 *
 * freeze-source sets writeEnabled=false on the SOURCE repositories by our own doing; a re-inventory
 * (refresh) then reads that "false". For a repository this relocation froze, the target gets the
 * plan's writeEnabled (what prepare saw), else the value freeze.json recorded before freezing.
 */
import { RelocationError } from '../errors.js';
import { getManifestItem } from '../inventory/acr-items.js';
import {
  acrManifestPages,
  getAcrRepository,
  updateAcrAttributes,
  type ChangeableAttributes,
} from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import type { Artifacts } from '../plan/model.js';
import type { FreezeRecord } from './freeze.js';

export type Attributes = ChangeableAttributes;
export type AttributeKey = keyof Attributes;
export const ATTRIBUTE_KEYS: readonly AttributeKey[] = ['writeEnabled', 'deleteEnabled', 'readEnabled', 'listEnabled'];

export interface WantedRepository {
  repository: Attributes;
  /** By manifest digest (index children included: verify checks every manifest of the plan). */
  manifests: ReadonlyMap<string, Attributes>;
}

/** Repository name -> what the target must have. */
export type WantedAttributes = ReadonlyMap<string, WantedRepository>;

function known(recorded: Record<string, boolean> | undefined): Attributes {
  const result: Attributes = {};
  for (const key of ATTRIBUTE_KEYS) if (typeof recorded?.[key] === 'boolean') result[key] = recorded[key];
  return result;
}

/**
 * What the target must have, from the artifacts the run carries (the plan's, or the refreshed ones),
 * with writeEnabled of every repository in `freeze` (this relocation's freeze in force, see
 * freeze.ts activeFreeze) taken from `plan`, else from the freeze record, instead of the frozen source.
 */
export function wantedAttributes(artifacts: Artifacts, plan: Artifacts, freeze?: FreezeRecord): WantedAttributes {
  const planned = new Map(plan.repositories.map((r) => [r.name, r.changeableAttributes?.writeEnabled]));
  const frozen = new Map((freeze?.repositories ?? []).map((r) => [r.name, r]));
  const wanted = new Map<string, WantedRepository>();
  for (const record of artifacts.repositories) {
    const repository = known(record.changeableAttributes);
    const freezing = frozen.get(record.name);
    if (freezing) repository.writeEnabled = planned.get(record.name) ?? freezing.previousWriteEnabled;
    const manifests = new Map(record.manifests.map((m) => [m.digest, known(m.changeableAttributes)]));
    wanted.set(record.name, { repository, manifests });
  }
  return wanted;
}

/** The wanted values that `current` does not have (an absent current value differs, as in verify). */
export function differing(wanted: Attributes, current: Attributes): Attributes {
  const result: Attributes = {};
  for (const key of ATTRIBUTE_KEYS) {
    if (wanted[key] !== undefined && wanted[key] !== current[key]) result[key] = wanted[key];
  }
  return result;
}

export function isEmpty(attributes: Attributes): boolean {
  return ATTRIBUTE_KEYS.every((key) => attributes[key] === undefined);
}

export function describe(attributes: Attributes): string {
  return ATTRIBUTE_KEYS.filter((key) => attributes[key] !== undefined)
    .map((key) => `${key}=${String(attributes[key])}`)
    .join(', ');
}

/** Where the target's attributes are read and written (ACR's /acr/v1; fakes in tests). */
export interface AttributeStore {
  /** The repository's attributes; undefined when the target has no such repository. */
  repository(repository: string): Promise<Attributes | undefined>;
  /** Every listed manifest's attributes (the listing leaves out listEnabled=false ones). */
  listed(repository: string): Promise<Map<string, Attributes>>;
  /** One manifest, listed or not, with its tags; undefined when the repository does not hold it. */
  manifest(repository: string, digest: string): Promise<{ attributes: Attributes; tags: string[] } | undefined>;
  /** PATCH the repository (digest undefined) or one manifest. */
  update(repository: string, digest: string | undefined, value: Attributes): Promise<void>;
}

const missing = (error: unknown) => error instanceof RelocationError && error.code === 'NOT_FOUND';

export function acrAttributeStore(client: RegistryClient): AttributeStore {
  return {
    async repository(repository) {
      try {
        return (await getAcrRepository(client, repository)).changeableAttributes;
      } catch (error) {
        if (missing(error)) return undefined;
        throw error;
      }
    },
    async listed(repository) {
      const found = new Map<string, Attributes>();
      try {
        for await (const page of acrManifestPages(client, repository)) {
          for (const entry of page) found.set(entry.digest, entry.changeableAttributes);
        }
      } catch (error) {
        if (!missing(error)) throw error;
      }
      return found;
    },
    async manifest(repository, digest) {
      const item = await getManifestItem(client, repository, digest);
      return item && { attributes: item.changeableAttributes, tags: item.tags };
    },
    async update(repository, digest, value) {
      await updateAcrAttributes(client, digest === undefined ? { repository } : { repository, digest }, value);
    },
  };
}
