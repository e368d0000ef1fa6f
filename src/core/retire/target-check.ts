/**
 * A quick re-check that the target still holds what verify proved, right before the source goes:
 * one ACR listing per repository (⌈manifests/100⌉ requests) instead of a HEAD per artifact, then a
 * HEAD only for what the listing does not show (items hidden with listEnabled=false, or a listing
 * that lags). Expected: the plan's digests and tags, with the source changes the report found
 * carried (moved and added tags at their new digests; deleted ones not required).
 */
import { RelocationError } from '../errors.js';
import { RequestGate } from '../inventory/gate.js';
import { acrManifestPages } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { headManifest } from '../oci/manifests.js';
import type { RelocationPlan, RepositoryRecord } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';
import { PENDING_PER_REPOSITORY } from '../verify/content.js';
import type { DriftItem, VerifyReport } from '../verify/model.js';
import type { Precondition } from './model.js';

interface Expected {
  digests: Set<string>;
  tags: Map<string, string>;
}

export function expectedContent(repository: RepositoryRecord, drift: readonly DriftItem[]): Expected {
  const expected: Expected = { digests: new Set(), tags: new Map() };
  for (const manifest of repository.manifests) {
    expected.digests.add(manifest.digest);
    for (const tag of manifest.tags) expected.tags.set(tag, manifest.digest);
  }
  for (const item of drift) {
    if (item.repository !== repository.name) continue;
    if (item.change === 'removed') {
      if (item.tag) expected.tags.delete(item.tag);
      else expected.digests.delete(item.digest);
    } else if (item.inTarget) {
      if (item.tag) expected.tags.set(item.tag, item.digest);
      expected.digests.add(item.digest);
    }
  }
  return expected;
}

async function listTarget(target: RegistryClient, repository: string) {
  const digests = new Set<string>();
  const tags = new Map<string, string>();
  try {
    for await (const page of acrManifestPages(target, repository)) {
      for (const entry of page) {
        digests.add(entry.digest);
        for (const tag of entry.tags) tags.set(tag, entry.digest);
      }
    }
  } catch (error) {
    if (!(error instanceof RelocationError && error.code === 'NOT_FOUND')) throw error;
  }
  return { digests, tags };
}

/** What is missing in one repository ("repo:tag" or "repo@digest"). */
async function missingIn(target: RegistryClient, repository: string, expected: Expected, gate: RequestGate) {
  const listed = await gate.run(() => listTarget(target, repository));
  const suspects: string[] = [
    ...[...expected.tags].filter(([tag, digest]) => listed.tags.get(tag) !== digest).map(([tag]) => tag),
    ...[...expected.digests].filter((digest) => !listed.digests.has(digest)),
  ];
  const confirmed = await mapWithLimit(suspects, PENDING_PER_REPOSITORY, async (reference) => {
    const head = await gate.run(() => headManifest(target, repository, reference));
    const wanted = expected.tags.get(reference) ?? reference;
    return head?.digest === wanted
      ? undefined
      : `${repository}${reference.startsWith('sha256:') ? '@' : ':'}${reference}`;
  });
  return confirmed.filter((item): item is string => item !== undefined);
}

export async function targetPrecondition(
  target: RegistryClient,
  plan: RelocationPlan,
  report: VerifyReport,
  concurrency: number,
): Promise<Precondition> {
  const gate = new RequestGate(concurrency);
  let missing: string[];
  try {
    const perRepository = await mapWithLimit(plan.artifacts.repositories, Math.min(8, concurrency), (repository) =>
      missingIn(target, repository.name, expectedContent(repository, report.drift), gate),
    );
    missing = perRepository.flat();
  } catch (error) {
    return {
      id: 'target-complete',
      passed: false,
      message: `The target ${target.host} could not be read: ${(error as Error).message}`,
      hint: "The target must be reachable and complete before the source goes. Check its network rules and the identity's pull role, then run again.",
    };
  }
  if (missing.length === 0) {
    return {
      id: 'target-complete',
      passed: true,
      message: `The target still holds every tag and digest verify proved (${plan.artifacts.totals.manifests} manifests).`,
    };
  }
  const shown = missing.slice(0, 10).join(', ');
  return {
    id: 'target-complete',
    passed: false,
    message: `The target lacks ${missing.length} artifact(s) verify had found: ${shown}${missing.length > 10 ? ', …' : ''}.`,
    hint: 'Something was deleted or re-tagged in the target since verify. Run import-artifacts and verify again.',
  };
}
