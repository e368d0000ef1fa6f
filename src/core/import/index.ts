/** The import engine (DESIGN §5): one import for the command, benchmarks and tests. */
export {
  acrAttributeStore,
  wantedAttributes,
  type Attributes,
  type AttributeStore,
  type WantedAttributes,
} from './attributes.js';
export { ClientCopier, type ClientCopierOptions } from './client/copier.js';
export { compareSnapshots, readTags, snapshotOf, type Drift, type TagSnapshot } from './drift.js';
export { createController, DEFAULT_KNOBS, runImportEngine, type EngineKnobs, type EngineOptions } from './engine.js';
export { freezeSource, readFreezeRecord, restoreSource, type FreezeRecord } from './freeze.js';
export type { ClassifiedFailure, FailureKind, Importer, ImportRequest } from './importer.js';
export * from './model.js';
export { importFailure, importOutputs } from './outcome.js';
export { AttributeKeeper, type AttributeReport } from './locks.js';
export { NO_JOURNAL, ProgressFile, type ProgressJournal } from './progress-file.js';
export { ImportProgress, type ImportProgressSink } from './progress.js';
export { createImportClient, importRetryPolicy, type ImportPipelineOptions } from './server/pipeline.js';
export { importParameters, ServerImporter, type ServerImporterOptions } from './server/importer.js';
export { describeShard, inShard, parseShard, shardOf, type Shard } from './shard.js';
export { renderSummary, repositoryCounts } from './summary.js';
export { compileTagFilter, type TagFilter } from './tag-filter.js';
export { ThrottleController, DEFAULT_AIMD, type AimdKnobs } from './throttle/controller.js';
export { backoffMs, capWait, headerGetter, retryAfterMs } from './throttle/retry-after.js';
export { realTiming, type EngineTiming } from './throttle/timing.js';
export { ARM_READ_BUDGET, ARM_WRITE_BUDGET, TokenBucket, type BucketShape } from './throttle/token-bucket.js';
export { verifyItem, type BlobCheck, type Verification } from './verify.js';
export { buildWorkList, type WorkList, type WorkListOptions } from './worklist.js';
