/**
 * The artifact inventory of a registry (DESIGN §2 `artifacts`): every repository the filters keep,
 * every manifest by digest with its tags, children, subject and attributes, proven complete against
 * the registry's own counts. Used by prepare, and again by import-artifacts (refresh) and verify.
 *
 * Cost per registry: 2 × ⌈repositories/100⌉ catalog pages (listed again at the end: a repository
 * created meanwhile makes the inventory incomplete), then per repository see repository.ts.
 * Concurrency: `concurrency` repositories at once, and at most `concurrency` manifest reads in flight
 * across all of them (RequestGate), so at most 2 × concurrency requests reach the registry at a time.
 * Results are sorted (repositories by name, manifests by digest, tags by name): the same registry
 * gives the same Artifacts whatever the concurrency or the order in which answers arrive.
 * Memory: pages are consumed as they stream; per manifest only its draft, then its plan record.
 */
import { RelocationError } from '../errors.js';
import { acrCatalogPages } from '../oci/acr-metadata.js';
import type { RegistryClient } from '../oci/client.js';
import { quoteForMessage } from '../oci/names.js';
import { collectPages } from '../oci/paging.js';
import type { Artifacts, RepositoryRecord } from '../plan/model.js';
import { mapWithLimit } from '../util/pool.js';
import { inventoryTotals } from './facts.js';
import { filterRepositories, type RepositoryFilter } from './filters.js';
import { RequestGate } from './gate.js';
import { incompleteInventory, type RepositoryProblem } from './problems.js';
import { inventoryRepository } from './repository.js';

export const DEFAULT_INVENTORY_CONCURRENCY = 8;

export interface InventoryOptions extends RepositoryFilter {
  /** Repositories read at once, and manifest reads in flight (default 8). */
  concurrency?: number;
  /** (repositories done, repositories to do), after each repository; hosts pace the rendering. */
  progress?: (done: number, total: number) => void;
  /** Lines worth a debug log (retries, hidden tags, include patterns that matched nothing). */
  log?: (message: string) => void;
  /** Stops starting new requests; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export async function inventoryArtifacts(client: RegistryClient, options: InventoryOptions = {}): Promise<Artifacts> {
  const concurrency = options.concurrency ?? DEFAULT_INVENTORY_CONCURRENCY;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new RelocationError('INPUT_INVALID', `Inventory concurrency must be a positive integer, got ${concurrency}.`);
  }
  const gate = new RequestGate(concurrency, options.signal);
  gate.checkAborted();
  const catalog = (await collectPages(acrCatalogPages(client))).sort(byText);
  const { included, excluded, unmatchedIncludes } = filterRepositories(catalog, options);
  for (const pattern of unmatchedIncludes)
    options.log?.(`include pattern ${quoteForMessage(pattern)} matched no repository`);

  let done = 0;
  options.progress?.(0, included.length);
  const context = { client, gate, concurrency, log: options.log };
  const outcomes = await mapWithLimit(included, concurrency, async (name) => {
    gate.checkAborted();
    const outcome = await inventoryRepository(context, name);
    options.progress?.(++done, included.length);
    return outcome;
  });

  const problems = outcomes.flatMap((outcome) => ('problems' in outcome ? outcome.problems : []));
  gate.checkAborted();
  const changed = await catalogChange(client, catalog, options, problems);
  if (changed) problems.push(changed);
  if (problems.length > 0) throw incompleteInventory(client.host, problems);

  const repositories = outcomes.map((outcome) => (outcome as { record: RepositoryRecord }).record);
  return { repositories, excludedRepositories: excluded, totals: inventoryTotals(repositories) };
}

/**
 * The catalog again, after every repository was read: repositories the filters keep that appeared
 * (never inventoried) or disappeared (already inventoried, now gone) make the inventory stale.
 */
async function catalogChange(
  client: RegistryClient,
  before: string[],
  filter: RepositoryFilter,
  problems: RepositoryProblem[],
): Promise<RepositoryProblem | undefined> {
  const after = (await collectPages(acrCatalogPages(client))).sort(byText);
  const beforeSet = new Set(before);
  const afterSet = new Set(after);
  const vanished = new Set(problems.filter((p) => p.kind === 'vanished').map((p) => p.repository));
  const appeared = filterRepositories(
    after.filter((name) => !beforeSet.has(name)),
    filter,
  ).included;
  const disappeared = filterRepositories(
    before.filter((name) => !afterSet.has(name) && !vanished.has(name)),
    filter,
  ).included;
  return appeared.length + disappeared.length > 0 ? { kind: 'catalog', appeared, disappeared } : undefined;
}
