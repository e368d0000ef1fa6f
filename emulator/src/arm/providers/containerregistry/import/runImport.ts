/**
 * The body of an import operation: open the source, refuse before copying anything (export policy,
 * more than 50 manifests, NoForce and an existing target tag, a target locked with writeEnabled=false),
 * then copy the closure into every target repository. The target's data plane shows the content as soon as the copy returns.
 *
 * A source given by resource id is read through ARM state and the registry's store (the trusted
 * path: its network rules do not apply); a source given by URI is pulled over HTTP(S) like any
 * external registry, so an emulator registry with public network access disabled refuses it.
 */
import { ArmError } from '../../../errors.js';
import type { ArmContext } from '../../../provider.js';
import type { LroOutcome } from '../../../lro.js';
import type { StoredResource } from '../../../store.js';
import { REGISTRY_TYPE } from '../registryModel.js';
import type { DataPlaneHost } from '../dataPlaneHost.js';
import type { RegistryStore } from '../../../../acr/index.js';
import { ImportFailure, invalidSource, localSource, remoteSource, type SourceImage } from './importSources.js';
import { RemoteRegistry } from './remoteRegistry.js';
import { imageName, type ImportRequest } from './importRequest.js';

/** ACR's limit (docs: "The maximum number of manifests for an imported image is 50"). */
export const MAX_IMPORT_MANIFESTS = 50;

export interface ImportDeps {
  host: DataPlaneHost;
  /** Fixed extra duration of every import (benchmarks); 0 for none. */
  importLatencyMs: () => number;
  /** Whether ARM enforces RBAC (the linked pull check on a source registry). */
  rbacEnabled: () => boolean;
  /** The emulator's CA certificate (PEM): its registries' login servers present certificates it signed. */
  caPem: () => string;
}

export interface ImportRun {
  targetId: string;
  operationId: string;
  request: ImportRequest;
  /** Fault dropBlobs: copy manifests and tags, leave the blobs out. */
  skipBlobs: boolean;
}

export async function runImport(ctx: ArmContext, deps: ImportDeps, run: ImportRun): Promise<LroOutcome> {
  let source: SourceImage | undefined;
  try {
    const target = deps.host.get(String(ctx.store.get(run.targetId)?.body.name ?? ''));
    if (!target) throw new ImportFailure(404, 'ResourceNotFound', 'The target registry no longer exists.');
    source = await openSource(ctx, deps, run.request, run.targetId);
    if (source.manifestCount > MAX_IMPORT_MANIFESTS) {
      const name = imageName(run.request.source.repository, run.request.source.reference);
      throw invalidSource(
        `The image ${name} has more than ${MAX_IMPORT_MANIFESTS} manifests; the maximum number of manifests for an imported image is ${MAX_IMPORT_MANIFESTS}.`,
      );
    }
    const { targets, untagged, force } = run.request;
    const taken = force ? undefined : targets.find((t) => target.store.getTag(t.repository, t.tag));
    if (taken)
      throw new ImportFailure(
        409,
        'Conflict',
        `Tag ${taken.repository}:${taken.tag} already exists in target registry.`,
      );
    refuseWhenLocked(target.store, run.request, source);
    for (const [repository, tags] of groupByRepository(targets))
      await source.copyInto(target.store, repository, tags, run.skipBlobs);
    for (const repository of untagged) await source.copyInto(target.store, repository, [], run.skipBlobs);
    return { status: 200 };
  } catch (err) {
    if (err instanceof ImportFailure)
      throw new ArmError(
        err.status,
        err.code,
        `Operation ${run.operationId} failed. Resource ${run.targetId} ${err.message}`,
      );
    throw err;
  } finally {
    source?.close();
  }
}

async function openSource(
  ctx: ArmContext,
  deps: ImportDeps,
  request: ImportRequest,
  targetId: string,
): Promise<SourceImage> {
  const { repository, reference, resourceId, registryUri, credentials } = request.source;
  if (resourceId) {
    const registry = ctx.store.get(resourceId);
    const runtime = registry?.type === REGISTRY_TYPE ? deps.host.get(String(registry.body.name)) : undefined;
    if (!registry || !runtime) throw invalidSource(`The source registry ${resourceId} could not be found.`);
    // The export policy guards against copies to other registries; importing within one is allowed.
    if (registry.id.toLowerCase() !== targetId.toLowerCase()) refuseWhenExportDisabled(registry);
    return localSource(
      runtime.store,
      repository,
      reference,
      `${runtime.loginServer}/${imageName(repository, reference)}`,
    );
  }
  const uri = registryUri ?? '';
  const emulated = emulatorRegistryAt(ctx, deps, uri);
  if (emulated && emulated.id.toLowerCase() !== targetId.toLowerCase()) refuseWhenExportDisabled(emulated);
  const client = new RemoteRegistry({ registryUri: uri, ...(credentials ? { credentials } : {}), ca: [deps.caPem()] });
  try {
    return await remoteSource(
      client,
      repository,
      reference,
      `${uri}/${imageName(repository, reference)}`,
      MAX_IMPORT_MANIFESTS,
    );
  } catch (err) {
    client.close();
    throw err;
  }
}

/** The emulator registry whose login server `registryUri` names, if any. */
function emulatorRegistryAt(ctx: ArmContext, deps: ImportDeps, registryUri: string): StoredResource | undefined {
  const host = registryUri
    .replace(/^https?:\/\//, '')
    .replace(/\/+$/, '')
    .toLowerCase();
  const runtime = deps.host.all().find((r) => r.loginServer.toLowerCase() === host);
  return runtime ? ctx.store.get(runtime.resourceId) : undefined;
}

function refuseWhenExportDisabled(registry: StoredResource): void {
  const status = (registry.body.properties as { policies?: { exportPolicy?: { status?: string } } }).policies
    ?.exportPolicy?.status;
  if (status?.toLowerCase() === 'disabled') {
    throw invalidSource(
      `Exports are disabled for the source registry ${String(registry.body.name)} (policies.exportPolicy.status is 'disabled'): its artifacts cannot be imported into another registry. See https://aka.ms/acr/export-policy.`,
    );
  }
}

/**
 * Locks hold against import as they do against push (docs: "Lock an image version, or an entire
 * repository" — writeEnabled=false prevents overwriting): a locked target repository, a locked tag
 * the import would move, or a locked manifest of the closure refuse the whole import, before anything
 * is copied. The code and wording are the data plane's (REGISTRY_DISALLOWED_OPERATION, "The operation
 * is disallowed on this registry, repository or image."); what ARM answers for an import could not
 * be confirmed, so 409 OperationNotAllowed stands for it (not Conflict: that is a taken tag).
 */
function refuseWhenLocked(store: RegistryStore, request: ImportRequest, source: SourceImage): void {
  const refuse = (what: string) =>
    new ImportFailure(
      409,
      'OperationNotAllowed',
      `The operation is disallowed on this registry, repository or image: ${what} is locked (writeEnabled is false).`,
    );
  const repositories = new Set([...request.targets.map((t) => t.repository), ...request.untagged]);
  for (const repository of repositories) {
    if (store.getRepository(repository)?.attributes.writeEnabled === false) throw refuse(`repository ${repository}`);
    for (const digest of source.manifestDigests) {
      if (store.getManifest(repository, digest)?.attributes.writeEnabled === false)
        throw refuse(`${repository}@${digest}`);
    }
  }
  for (const { repository, tag } of request.targets) {
    const existing = store.getTag(repository, tag);
    if (existing && existing.attributes.writeEnabled === false) throw refuse(`${repository}:${tag}`);
  }
}

function groupByRepository(targets: ImportRequest['targets']): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { repository, tag } of targets) groups.set(repository, [...(groups.get(repository) ?? []), tag]);
  return groups;
}
