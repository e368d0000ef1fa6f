/** The artifact inventory: one import for prepare, import-artifacts (refresh) and verify. */
export { inventoryArtifacts, DEFAULT_INVENTORY_CONCURRENCY, type InventoryOptions } from './inventory.js';
export {
  closureSize,
  IMPORT_MANIFEST_LIMIT,
  inventoryTotals,
  oversizedImages,
  referenceOf,
  schema1Manifests,
} from './facts.js';
export { filterRepositories, type RepositoryFilter } from './filters.js';
export { inventoryFingerprint } from './fingerprint.js';
export { describeProblem, type RepositoryProblem } from './problems.js';
export { tagExceptionsOf } from './tag-attributes.js';
