/**
 * The baseline of case 1: the relocation runbook's loop, as people write it with the Azure SDK —
 * list the repositories, list each one's tags, then one importImage per tag, by tag, sequentially,
 * each awaited (beginImportImageAndWait, the SDK's defaults: its own retries and polling).
 *
 * Runs in a child process signed in through AZURE_* variables (a principal of its own, so it has its
 * own ARM budget) and trusting the emulator through NODE_EXTRA_CA_CERTS. With `sampleEvery` n > 1 it
 * lists everything but imports only every n-th tag of the listing (a deterministic sample); the
 * parent extrapolates the import time and says so. Prints one JSON line (RunbookFigures).
 *
 *   node runbook.js '{"subscriptionId":…,"sourceId":…,"sourceLoginServer":…,"targetResourceGroup":…,"targetName":…,"sampleEvery":40}'
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ContainerRegistryClient } from '@azure/container-registry';
import { ClientSecretCredential } from '@azure/identity';

export interface RunbookConfig {
  subscriptionId: string;
  sourceId: string;
  sourceLoginServer: string;
  targetResourceGroup: string;
  targetName: string;
  sampleEvery: number;
}

export interface RunbookFigures {
  repositories: number;
  totalTags: number;
  listingMs: number;
  sample: Array<{ repository: string; tag: string }>;
  importsMs: number;
  importMsMedian: number;
  importMsMax: number;
  failures: number;
  failureExamples: string[];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function listTags(client: ContainerRegistryClient): Promise<Array<{ repository: string; tag: string }>> {
  const tags: Array<{ repository: string; tag: string }> = [];
  for await (const repository of client.listRepositoryNames()) {
    const names: string[] = [];
    for await (const manifest of client.getRepository(repository).listManifestProperties())
      names.push(...manifest.tags);
    for (const tag of names.sort()) tags.push({ repository, tag });
  }
  return tags;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(config: RunbookConfig): Promise<RunbookFigures> {
  const armEndpoint = required('ACR_RELOCATE_ARM_ENDPOINT');
  const credential = new ClientSecretCredential(
    required('AZURE_TENANT_ID'),
    required('AZURE_CLIENT_ID'),
    required('AZURE_CLIENT_SECRET'),
    { authorityHost: required('ACR_RELOCATE_AUTHORITY_HOST'), disableInstanceDiscovery: true },
  );
  const registry = new ContainerRegistryClient(`https://${config.sourceLoginServer}`, credential, {
    audience: 'https://containerregistry.azure.net',
  });
  const acr = new ContainerRegistryManagementClient(credential, config.subscriptionId, {
    endpoint: armEndpoint,
    credentials: { scopes: [`${armEndpoint}/.default`] },
  });

  const listingStarted = performance.now();
  const tags = await listTags(registry);
  const listingMs = performance.now() - listingStarted;
  const sample = tags.filter((_, index) => index % config.sampleEvery === 0);

  const durations: number[] = [];
  const failureExamples: string[] = [];
  let failures = 0;
  const importsStarted = performance.now();
  for (const { repository, tag } of sample) {
    const started = performance.now();
    try {
      await acr.registries.beginImportImageAndWait(config.targetResourceGroup, config.targetName, {
        source: { resourceId: config.sourceId, sourceImage: `${repository}:${tag}` },
        targetTags: [`${repository}:${tag}`],
        mode: 'NoForce',
      });
    } catch (error) {
      failures += 1;
      if (failureExamples.length < 3) failureExamples.push(`${repository}:${tag}: ${(error as Error).message}`);
    }
    durations.push(performance.now() - started);
  }
  return {
    repositories: new Set(tags.map((t) => t.repository)).size,
    totalTags: tags.length,
    listingMs,
    sample,
    importsMs: performance.now() - importsStarted,
    importMsMedian: median(durations),
    importMsMax: Math.max(0, ...durations),
    failures,
    failureExamples,
  };
}

const config = JSON.parse(process.argv[2] ?? '{}') as RunbookConfig;
main(config).then(
  (figures) => process.stdout.write(`${JSON.stringify(figures)}\n`),
  (error: unknown) => {
    process.stderr.write(
      `runbook failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
