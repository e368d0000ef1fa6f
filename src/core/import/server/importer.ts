/**
 * Server mode: ARM importImage (Registries_ImportImage), one call per item. The source is named by
 * resource id, so Azure reads it over its own trusted path: a source behind a firewall or private
 * endpoint works as long as it allows trusted services. Always by digest (`repo@sha256:…`): a
 * moving source tag can never leave a target tag on a manifest this run did not copy. targetTags
 * are only the tags the target lacks (NoForce refuses an import when any named tag exists), and an
 * item whose tags are all in place (or that has none) goes through untaggedTargetRepositories.
 */
import type { ContainerRegistryManagementClient, ImportImageParameters } from '@azure/arm-containerregistry';
import type { ClassifiedFailure, Importer, ImportHooks, ImportRequest } from '../importer.js';
import type { EngineTiming } from '../throttle/timing.js';
import { classifyArmFailure } from './failures.js';

export interface ServerImporterOptions {
  client: ContainerRegistryManagementClient;
  target: { resourceGroup: string; name: string };
  /** Resource id of the source registry. */
  sourceId: string;
  /** Interval between polls of one import when ARM gives no Retry-After (ms). */
  pollIntervalMs: number;
  timing: EngineTiming;
  /** The source grants pull per repository (ABAC): see ClassifyOptions. */
  sourceRepositoryScoped?: boolean;
}

export function importParameters(request: ImportRequest, sourceId: string): ImportImageParameters {
  const { item, tags, force } = request;
  return {
    source: { resourceId: sourceId, sourceImage: `${item.repository}@${item.digest}` },
    ...(tags.length > 0
      ? { targetTags: tags.map((tag) => `${item.repository}:${tag}`) }
      : { untaggedTargetRepositories: [item.repository] }),
    mode: force ? 'Force' : 'NoForce',
  };
}

export class ServerImporter implements Importer {
  readonly mode = 'server' as const;
  readonly shaped = true;
  writesSent = 0;

  constructor(private readonly options: ServerImporterOptions) {}

  async run(request: ImportRequest, signal: AbortSignal, hooks: ImportHooks): Promise<void> {
    const { client, target, sourceId, pollIntervalMs } = this.options;
    this.writesSent += 1;
    const poller = client.registries.importImage(
      target.resourceGroup,
      target.name,
      importParameters(request, sourceId),
      {
        updateIntervalInMs: pollIntervalMs,
        abortSignal: signal,
      },
    );
    await poller.submitted();
    hooks.onAccepted();
    await poller.pollUntilDone({ abortSignal: signal });
  }

  classify(error: unknown): ClassifiedFailure {
    return classifyArmFailure(error, 'importImage', this.options.timing.now(), {
      sourceRepositoryScoped: this.options.sourceRepositoryScoped ?? false,
    });
  }
}
