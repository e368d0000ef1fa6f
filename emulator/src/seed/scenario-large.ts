/**
 * 'large': many repositories, tags and distinct digests in the source, for import benchmarks and
 * paging. Parameters (scenarios-spec.ts syntax, e.g. `large:repos=100,tags=10000,digests=7700`):
 *
 *   repositories (alias repos)  default 100     repositories `bulk/svc-000` …
 *   tags                        default 10000   tags in all, exactly
 *   digests (alias images)      default tags/1.3 (at least `repositories`): distinct image manifests
 *   referrers                   default min(10, digests): Notation signatures on the first images
 *
 * Image i lives in repository i mod R (its number there is l = ⌊i / R⌋); tag t points at image
 * t mod D, so every image gets ⌊T/D⌋ or ⌈T/D⌉ tags (`1.0.<l>`, then `1.0.<l>-r<k>`), and with more
 * digests than tags the last images stay untagged. Every repository's manifestCount is its images
 * plus its referrers (exact in a fresh state; another shape run later adds to what is there). Images share a base layer and one of 16 app layers and differ in their config,
 * so a digest costs two small files: 10,000 tags seed in ~5 s, 100,000 tags over 1,000 repositories
 * in ~40 s (store fast path, this machine).
 */
import {
  AMD64,
  baseLayer,
  buildLayer,
  buildManifest,
  descriptorOf,
  generateSignature,
  jsonBlob,
  seededBytes,
} from './images.js';
import type { GeneratedArtifact, GeneratedLayer } from './images.js';
import { writeArtifact } from './images-store.js';
import { registerScenario, type ScenarioParams } from './scenarios.js';
import { ensureSource } from './scenario-source.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';
const LAYER_POOL = 16;
/** Images written per journal write (one batch): large enough to be fast, small enough to bound memory. */
const BATCH = 500;

export interface LargeShape {
  repositories: number;
  tags: number;
  digests: number;
  referrers: number;
}

/** The shape parameters stand for, checked (every repository holds at least one image). */
export function largeShape(params: ScenarioParams): LargeShape {
  const repositories = Number(params.repositories);
  const tags = Number(params.tags);
  const digests =
    params.digests === undefined ? Math.max(repositories, Math.round(tags / 1.3)) : Number(params.digests);
  const referrers = params.referrers === undefined ? Math.min(10, digests) : Number(params.referrers);
  if (repositories < 1) throw new Error('seed: large:repositories must be at least 1');
  if (digests < repositories)
    throw new Error(`seed: large:digests (${digests}) must be at least repositories (${repositories})`);
  if (referrers > digests) throw new Error(`seed: large:referrers (${referrers}) must not exceed digests (${digests})`);
  return { repositories, tags, digests, referrers };
}

export function largeRepositoryName(index: number, shape: LargeShape): string {
  return `bulk/svc-${String(index).padStart(Math.max(3, String(shape.repositories - 1).length), '0')}`;
}

/** Tags of image `index`: tag numbers index, index + D, index + 2D, … below T. */
export function largeTagsOf(index: number, shape: LargeShape): string[] {
  const local = Math.floor(index / shape.repositories);
  const tags: string[] = [];
  for (let k = 0, tag = index; tag < shape.tags; k += 1, tag += shape.digests) {
    tags.push(k === 0 ? `1.0.${local}` : `1.0.${local}-r${k}`);
  }
  return tags;
}

function poolLayer(seed: string, slot: number): GeneratedLayer {
  const key = `large:${seed}:${slot}`;
  return buildLayer(
    key,
    () => [{ path: 'app/' }, { path: 'app/payload.bin', content: seededBytes(key, 2048) }],
    OCI_LAYER,
  );
}

/** Image `index`: the shared base layer, a pooled app layer and a config of its own. */
export function largeImage(seed: string, index: number): GeneratedArtifact {
  const layers = [baseLayer(AMD64), poolLayer(seed, index % LAYER_POOL)];
  const config = jsonBlob(OCI_CONFIG, {
    architecture: AMD64.architecture,
    os: AMD64.os,
    created: '2020-01-01T00:00:00Z',
    config: { Cmd: ['/app/run'], Labels: { 'emulator.seed': seed, 'emulator.large.build': String(index) } },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.diffId) },
  });
  const root = buildManifest(
    OCI_MANIFEST,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: descriptorOf(config),
      layers: layers.map((layer) => descriptorOf(layer)),
    },
    { platform: AMD64 },
  );
  return { root, manifests: [root], blobs: [config, ...layers] };
}

registerScenario('large', {
  params: {
    repositories: { type: 'int', default: 100, aliases: ['repos'] },
    tags: { type: 'int', default: 10_000 },
    digests: { type: 'int', aliases: ['images'] },
    referrers: { type: 'int' },
  },
  check: (params) => void largeShape(params),
  run: async (ctx, params) => {
    const shape = largeShape(params);
    const { store } = (await ensureSource(ctx)).runtime;
    const seed = `${ctx.seed}:large`;
    for (let start = 0; start < shape.digests; start += BATCH) {
      store.batch(() => {
        for (let index = start; index < Math.min(start + BATCH, shape.digests); index += 1) {
          const repository = largeRepositoryName(index % shape.repositories, shape);
          const image = largeImage(seed, index);
          writeArtifact(store, repository, image, largeTagsOf(index, shape));
          if (index < shape.referrers)
            writeArtifact(store, repository, generateSignature(`${seed}:${index}`, image.root));
        }
      });
      // Let the listeners breathe between batches (the emulator is serving while it seeds).
      await new Promise((resolve) => setImmediate(resolve));
    }
  },
});
