/**
 * verify's work, host-free: the source's drift, the target's content by digest, its settings and
 * child resources, assembled into the report (without its fingerprint, which writeReport adds).
 *
 * Order: the source is listed first (drift), so the content checks can tell a tag the source moved
 * (and the target followed) from a wrong digest. Requests in flight never exceed `concurrency`
 * (one RequestGate shared by every repository); one pool of workers takes the checks in plan order,
 * each repository's results reduced to counts and failures as soon as its last check is answered,
 * so memory follows the plan, not the number of requests.
 */
import type { Registry } from '@azure/arm-containerregistry';
import type { AzureClients } from '../azure/clients.js';
import type { RegistryId } from '../azure/resource-id.js';
import { RequestGate } from '../inventory/gate.js';
import type { RegistryClient } from '../oci/client.js';
import type { RelocationPlan } from '../plan/model.js';
import { childDifferences } from './children.js';
import { driftByRepository, verifyRepositories } from './content.js';
import { checksOf } from './checks.js';
import { confirmRemovals, diffSource, isOutstanding, markCarried } from './drift.js';
import { REPORT_SCHEMA_VERSION, type FailOn, type SettingDifference, type VerifyReport } from './model.js';
import { registryDifferences } from './settings.js';
import { readSourceSnapshot } from './source-snapshot.js';
import { readTargetChildren } from './target-reader.js';

export interface VerifyContext {
  plan: RelocationPlan;
  source: { client: RegistryClient; loginServer: string };
  target: { client: RegistryClient; ref: RegistryId; registry: Registry; clients: AzureClients };
  concurrency: number;
  failOn: FailOn;
  toolVersion: string;
  /** (checks done, checks in total) */
  progress?: (done: number, total: number) => void;
  log?: (message: string) => void;
  now?: () => Date;
}

async function readDrift(context: VerifyContext, gate: RequestGate) {
  const { plan, source, target, concurrency } = context;
  const snapshot = await readSourceSnapshot(source.client, plan.artifacts.excludedRepositories, concurrency);
  const changes = await confirmRemovals(source.client, diffSource(plan.artifacts, snapshot), concurrency);
  context.log?.(`The source has ${changes.length} change(s) since the plan.`);
  return { fingerprint: snapshot.fingerprint, drift: await markCarried(target.client, changes, gate) };
}

async function checkContent(context: VerifyContext, gate: RequestGate, drift: ReturnType<typeof driftByRepository>) {
  const repositories = context.plan.artifacts.repositories;
  const total = repositories.reduce((sum, r) => sum + checksOf(r).checks.length, 0);
  let done = 0;
  context.progress?.(0, total);
  const results = await verifyRepositories(context.target.client, repositories, drift, gate, context.concurrency, () =>
    context.progress?.(++done, total),
  );
  context.progress?.(done, total);
  return {
    repositories: results.map((r) => r.counts),
    failures: results.flatMap((r) => r.failures),
  };
}

async function checkSettings(context: VerifyContext): Promise<SettingDifference[]> {
  const { plan, target } = context;
  const children = await readTargetChildren(target.clients, target.ref, target.registry);
  return [
    ...registryDifferences(plan.target, target.registry),
    ...childDifferences(
      {
        children: plan.children,
        mapping: plan.mapping,
        sourceId: plan.source.id,
        targetId: target.registry.id ?? plan.target.id,
      },
      children,
    ),
  ];
}

export async function verifyRelocation(context: VerifyContext): Promise<Omit<VerifyReport, 'fingerprint'>> {
  const now = context.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const { plan, source, target } = context;
  const gate = new RequestGate(context.concurrency);
  const { fingerprint, drift } = await readDrift(context, gate);
  const content = await checkContent(context, gate, driftByRepository(drift));
  const settings = await checkSettings(context);

  const sum = (key: 'manifests' | 'tags' | 'referrers' | 'verified' | 'missing' | 'mismatched') =>
    content.repositories.reduce((total, r) => total + r[key], 0);
  const outstandingDrift = drift.filter(isOutstanding).length;
  const verified = sum('missing') + sum('mismatched') + settings.length === 0;
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    relocationId: plan.relocationId,
    planFingerprint: plan.fingerprint,
    tool: { name: 'acr-relocate', version: context.toolVersion },
    startedAt,
    createdAt: now().toISOString(),
    source: {
      id: plan.source.id,
      name: plan.source.name,
      loginServer: source.loginServer,
      inventoryFingerprint: fingerprint,
    },
    target: {
      id: target.registry.id ?? plan.target.id,
      name: target.ref.name,
      loginServer: target.registry.loginServer ?? '',
    },
    result: { verified, passed: verified && outstandingDrift === 0, failOn: context.failOn },
    totals: {
      repositories: content.repositories.length,
      manifests: sum('manifests'),
      tags: sum('tags'),
      referrers: sum('referrers'),
      verified: sum('verified'),
      missing: sum('missing'),
      mismatched: sum('mismatched') + settings.length,
      settingsDifferences: settings.length,
      drift: drift.length,
      outstandingDrift,
    },
    repositories: content.repositories,
    failures: content.failures,
    settings,
    drift,
  };
}
