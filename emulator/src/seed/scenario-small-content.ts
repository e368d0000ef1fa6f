/**
 * The repositories of the 'small' scenario, generated from the emulator's seed (same seed, same
 * digests): single-platform OCI and Docker images, a manifest with two tags, untagged manifests, a
 * multi-arch OCI index and a Docker manifest list (amd64 + arm64), a nested index, a Notation
 * signature and an SPDX SBOM attached to an image (OCI 1.1 subject), a Helm chart and nested
 * repository paths. 'consumers' writes the images its apps run from here too, so both scenarios
 * agree on their digests in either order.
 */
import {
  generateHelmChart,
  generateImage,
  generateMultiArch,
  generateNestedIndex,
  generateSbom,
  generateSignature,
  type GeneratedArtifact,
} from './images.js';
import { writeArtifact } from './images-store.js';
import type { RegistryStore } from '../acr/index.js';

export interface SeedItem {
  repository: string;
  tags: readonly string[];
  artifact: GeneratedArtifact;
  /** Artifacts whose `subject` is this item's root (pushed after it, untagged). */
  referrers?: readonly GeneratedArtifact[];
}

/** Images the consumers' apps run (repository and tag in the source). */
export const APP_IMAGES = {
  webApp: { repository: 'team/app/api', tag: '1.1.0' },
  containerApp: { repository: 'team/app/worker', tag: '2.0.0' },
} as const;

/** Seeds of the generated artifacts: the emulator's seed plus a fixed label per item. */
const label = (seed: string, item: string) => `${seed}:small:${item}`;

function apiImages(seed: string): SeedItem[] {
  const current = generateImage(label(seed, 'api/1.1.0'), { format: 'docker', extraLayers: 1 });
  return [
    // Older builds whose tags moved on: untagged manifests, as CI leaves them behind.
    {
      repository: 'team/app/api',
      tags: [],
      artifact: generateImage(label(seed, 'api/build-41'), { format: 'docker' }),
    },
    {
      repository: 'team/app/api',
      tags: [],
      artifact: generateImage(label(seed, 'api/build-42'), { format: 'docker' }),
    },
    {
      repository: 'team/app/api',
      tags: ['1.0.0'],
      artifact: generateImage(label(seed, 'api/1.0.0'), { format: 'docker' }),
    },
    {
      repository: APP_IMAGES.webApp.repository,
      tags: [APP_IMAGES.webApp.tag],
      artifact: current,
      referrers: [
        generateSignature(label(seed, 'api/1.1.0/signature'), current.root),
        generateSbom(label(seed, 'api/1.1.0/sbom'), current.root),
      ],
    },
  ];
}

function workerImage(seed: string): SeedItem {
  return {
    repository: APP_IMAGES.containerApp.repository,
    tags: [APP_IMAGES.containerApp.tag],
    artifact: generateImage(label(seed, 'worker/2.0.0'), {
      annotations: { 'org.opencontainers.image.source': 'https://github.com/contoso/worker' },
    }),
  };
}

/** Everything 'small' puts into the source, in push order. */
export function smallItems(seed: string): SeedItem[] {
  return [
    // One manifest, two tags.
    { repository: 'hello-world', tags: ['latest', 'v1'], artifact: generateImage(label(seed, 'hello-world/v1')) },
    { repository: 'hello-world', tags: ['v0'], artifact: generateImage(label(seed, 'hello-world/v0')) },
    ...apiImages(seed),
    workerImage(seed),
    { repository: 'platform/base', tags: ['1.0'], artifact: generateMultiArch(label(seed, 'base/1.0')) },
    {
      repository: 'platform/runtime',
      tags: ['3.12'],
      artifact: generateMultiArch(label(seed, 'runtime/3.12'), { format: 'docker' }),
    },
    { repository: 'platform/toolchain', tags: ['2024.1'], artifact: generateNestedIndex(label(seed, 'toolchain')) },
    {
      repository: 'charts/web-app',
      tags: ['0.1.0'],
      artifact: generateHelmChart(label(seed, 'chart'), { name: 'web-app', version: '0.1.0' }),
    },
  ];
}

/** Only the images the consumers' apps reference (with the referrers 'small' gives them). */
export function appItems(seed: string): SeedItem[] {
  const wanted: ReadonlySet<string> = new Set(Object.values(APP_IMAGES).map((i) => `${i.repository}:${i.tag}`));
  return smallItems(seed).filter((item) => item.tags.some((tag) => wanted.has(`${item.repository}:${tag}`)));
}

/** Writes items (their referrers after them) straight into a registry's store; idempotent. */
export function writeItems(store: RegistryStore, items: readonly SeedItem[]): void {
  store.batch(() => {
    for (const item of items) {
      writeArtifact(store, item.repository, item.artifact, item.tags);
      for (const referrer of item.referrers ?? []) writeArtifact(store, item.repository, referrer);
    }
  });
}
