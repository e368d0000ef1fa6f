/**
 * Source content for import tests, built with the emulator's deterministic image generator: every
 * kind of manifest the engine must carry, and the check that the target holds all of it.
 */
import {
  buildManifest,
  combine,
  descriptorOf,
  generateImage,
  generateManyPlatformIndex,
  generateMultiArch,
  generateNestedIndex,
  generateSbom,
  generateSignature,
  type GeneratedArtifact,
} from '../../../../emulator/src/seed/images.js';
import type { RegistryStore } from '../../../../emulator/src/acr/index.js';

const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

/** An OCI tag-schema referrers index (sha256-<hex>) holding the given referrers of `subject`. */
export function tagSchemaIndex(referrers: GeneratedArtifact[]): GeneratedArtifact {
  const root = buildManifest(OCI_INDEX, {
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: referrers.map((r) => ({
      ...descriptorOf(r.root),
      ...(r.root.artifactType ? { artifactType: r.root.artifactType } : {}),
    })),
  });
  return combine(root, referrers);
}

export function referrersTag(digest: string): string {
  return digest.replace(':', '-');
}

export interface Seeder {
  seed(repository: string, artifact: GeneratedArtifact, tags?: readonly string[]): void;
}

/** Everything at once: images, untagged, Docker list, OCI index (+ a tagged child), nested, referrers both ways. */
export function seedRichSource(world: Seeder): void {
  const web = generateImage('web', { extraLayers: 1 });
  world.seed('app/web', web, ['v1', 'latest']);
  world.seed('app/web', generateImage('web-old'), []); // untagged
  const multi = generateMultiArch('multi');
  world.seed('app/multi', multi, ['1.0']);
  const amd64 = multi.manifests.find((m) => m.platform?.architecture === 'amd64')!;
  world.seed('app/multi', { root: amd64, manifests: [amd64], blobs: [] }, ['1.0-amd64']);
  world.seed('app/docker', generateMultiArch('docker-list', { format: 'docker' }), ['stable']);
  world.seed('app/docker', generateImage('docker-single', { format: 'docker' }), ['single']);
  world.seed('app/nested', generateNestedIndex('nested'), ['nested']);
  const signed = generateImage('signed');
  world.seed('app/signed', signed, ['v1']);
  const signature = generateSignature('sig', signed.root);
  const sbom = generateSbom('sbom', signed.root);
  world.seed('app/signed', signature);
  world.seed('app/signed', sbom);
  world.seed('app/signed', generateSignature('sbom-sig', sbom.root)); // a referrer of a referrer
  world.seed('app/signed', generateSignature('index-sig', multi.root)); // dangling: its subject lives elsewhere
  const schema = generateImage('schema');
  world.seed('app/tagschema', schema, ['v1']);
  world.seed('app/tagschema', tagSchemaIndex([generateSignature('schema-sig', schema.root)]), [
    referrersTag(schema.root.digest),
  ]);
}

export function seedMany(world: Seeder, repositories: number, tagsPerRepository: number): void {
  for (let r = 0; r < repositories; r++) {
    for (let t = 0; t < tagsPerRepository; t++) {
      world.seed(`fleet/svc-${r}`, generateImage(`fleet-${r}-${t}`, { appBytes: 64 }), [`v${t}`]);
    }
  }
}

export function seedOversized(world: Seeder): GeneratedArtifact {
  const big = generateManyPlatformIndex('big', 50);
  world.seed('big/many', big, ['all']);
  return big;
}

/**
 * What the target lacks compared with the source: manifests by digest, and tags that are missing or
 * point elsewhere (blobs too, unless `blobs` is false). Empty means complete.
 */
export function missingInTarget(
  source: RegistryStore,
  target: RegistryStore,
  repositories = source.listRepositories(),
  blobs = true,
): string[] {
  const missing: string[] = [];
  for (const repository of repositories) {
    for (const manifest of source.listManifests(repository)) {
      const copy = target.getManifest(repository, manifest.digest);
      if (!copy) {
        missing.push(`${repository}@${manifest.digest}`);
        continue;
      }
      if (!blobs) continue;
      for (const blob of [manifest.configDigest, ...manifest.layers].filter((b): b is string => Boolean(b))) {
        if (!target.hasBlob(repository, blob)) missing.push(`${repository}@${manifest.digest} blob ${blob}`);
      }
    }
    for (const tag of source.listTags(repository)) {
      const copy = target.getTag(repository, tag.name);
      if (copy?.digest !== tag.digest) missing.push(`${repository}:${tag.name}`);
    }
  }
  return missing;
}
