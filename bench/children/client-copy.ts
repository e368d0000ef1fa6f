/**
 * Ours in client mode, in a child process of its own (so its wall time and peak memory are its
 * own): inventory a plain registry, then the import engine with the ClientCopier, default knobs,
 * into another registry — the same engine and copier import-artifacts uses with copy-mode: client.
 * Prints one JSON line (ClientCopyFigures).
 *
 *   node client-copy.js '{"sourceUrl":"http://127.0.0.1:5000","targetUrl":"http://127.0.0.1:5001"}'
 */
import { ClientCopier } from '../../src/core/import/client/copier.js';
import { runImportEngine } from '../../src/core/import/engine.js';
import { countBy } from '../../src/core/import/model.js';
import { buildWorkList } from '../../src/core/import/worklist.js';
import { RegistryClient } from '../../src/core/oci/client.js';
import { inventoryPlainRegistry } from '../lib/plain-registry.js';

export interface ClientCopyConfig {
  sourceUrl: string;
  targetUrl: string;
}

export interface ClientCopyFigures {
  repositories: number;
  items: number;
  listingMs: number;
  copyMs: number;
  imported: number;
  skipped: number;
  failed: number;
  failures: string[];
}

async function main(config: ClientCopyConfig): Promise<ClientCopyFigures> {
  const source = new RegistryClient({ url: config.sourceUrl });
  const target = new RegistryClient({ url: config.targetUrl });
  try {
    const listingStarted = performance.now();
    const artifacts = await inventoryPlainRegistry(source);
    const listingMs = performance.now() - listingStarted;
    const workList = buildWorkList(artifacts);
    const copyStarted = performance.now();
    const report = await runImportEngine({
      workList,
      importer: new ClientCopier({ source, target }),
      target,
      targetListing: 'probe',
      force: false,
    });
    const counts = countBy(report.items);
    return {
      repositories: artifacts.repositories.length,
      items: workList.items.length,
      listingMs,
      copyMs: performance.now() - copyStarted,
      imported: counts.imported,
      skipped: counts.skipped,
      failed: counts.failed + counts.conflicts,
      failures: report.items
        .filter((i) => i.status === 'failed' || i.status === 'conflict')
        .slice(0, 3)
        .map((i) => i.reason ?? i.digest),
    };
  } finally {
    source.close();
    target.close();
  }
}

main(JSON.parse(process.argv[2] ?? '{}') as ClientCopyConfig).then(
  (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
  (error: unknown) => {
    process.stderr.write(
      `client copy failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
