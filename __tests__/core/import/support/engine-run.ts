/**
 * The engine on fakes and a virtual clock: work items in one repository ('app' unless given), an
 * in-memory target, a scripted importer, and the logs. `run()` may be called again (a re-run).
 */
import { runImportEngine, type EngineOptions } from '../../../../src/core/import/engine.js';
import { itemKey, type WorkItem } from '../../../../src/core/import/model.js';
import { FakeTarget, ScriptedImporter, type Step } from './fakes.js';
import { ManualTiming } from './manual-timing.js';

export const d = (c: string) => `sha256:${c.repeat(64)}`;

export function item(c: string, extra: Partial<WorkItem> = {}): WorkItem {
  return {
    repository: 'app',
    digest: d(c),
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    tags: [`t${c}`],
    closure: [],
    phase: 0,
    bytes: 10,
    ...extra,
  };
}

export const key = (c: string, repository = 'app') => itemKey(item(c, { repository }));

export function setup(
  items: WorkItem[],
  script: Record<string, Step[]> = {},
  overrides: Partial<EngineOptions> | ((target: FakeTarget) => Partial<EngineOptions>) = {},
) {
  const target = new FakeTarget();
  const importer = new ScriptedImporter(target, script);
  const timing = new ManualTiming(true);
  const logs: string[] = [];
  const extra = typeof overrides === 'function' ? overrides(target) : overrides;
  const run = () =>
    runImportEngine({
      workList: {
        items,
        repositories: [...new Set(items.map((i) => i.repository))].sort(),
        filtered: { excludedRepositories: [], otherShardRepositories: 0, excludedTags: [], excludedManifests: [] },
      },
      importer,
      readTarget: target.readTarget,
      verify: target.verify,
      force: false,
      timing,
      knobs: { importTimeoutMs: 60_000, maxConcurrency: 4 },
      log: (m) => logs.push(m),
      ...extra,
    });
  return { target, importer, timing, logs, run };
}
