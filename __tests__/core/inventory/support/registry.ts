/**
 * A seeded emulator registry for inventory tests: every kind of content the inventory must carry,
 * written through the fast seeding path (emulator/src/seed/images-store.ts), with the generated
 * artifacts kept so tests can assert digests, sizes and platforms item by item.
 */
import { RegistryClient, type RegistryClientOptions } from '../../../../src/core/oci/client.js';
import {
  generateHelmChart,
  generateImage,
  generateManyPlatformIndex,
  generateMultiArch,
  generateNestedIndex,
  generateSbom,
  generateSchema1,
  generateSignature,
  type GeneratedArtifact,
} from '../../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { ADMIN, startRegistry, type TestRegistry } from '../../../emulator/acr/harness.js';

export interface Seeded {
  image: GeneratedArtifact;
  dockerImage: GeneratedArtifact;
  untagged: GeneratedArtifact;
  signature: GeneratedArtifact;
  sbom: GeneratedArtifact;
  ociIndex: GeneratedArtifact;
  dockerList: GeneratedArtifact;
  nested: GeneratedArtifact;
  chart: GeneratedArtifact;
  deep: GeneratedArtifact;
  schema1: GeneratedArtifact;
  wide: GeneratedArtifact;
}

/**
 * app        image (tags 1.0 + latest), docker image (0.9), an untagged image, and a signature and an
 *            SBOM of the first image (untagged referrers)
 * multi      OCI index (oci), docker manifest list (docker), nested index (nested)
 * charts/web Helm chart (0.1.0)      a/b/c  image (deep)      legacy  schema1 (v1)
 * wide       OCI index with 51 platform images (big)
 */
export function seedEverything(registry: TestRegistry): Seeded {
  const store = registry.store;
  const image = generateImage('inv/app');
  const seeded: Seeded = {
    image,
    dockerImage: generateImage('inv/app-docker', { format: 'docker' }),
    untagged: generateImage('inv/app-untagged'),
    signature: generateSignature('inv/sig', image.root),
    sbom: generateSbom('inv/sbom', image.root),
    ociIndex: generateMultiArch('inv/oci'),
    dockerList: generateMultiArch('inv/docker', { format: 'docker' }),
    nested: generateNestedIndex('inv/nested'),
    chart: generateHelmChart('inv/chart', { name: 'web' }),
    deep: generateImage('inv/deep'),
    schema1: generateSchema1('inv/legacy'),
    wide: generateManyPlatformIndex('inv/wide', 51),
  };
  writeArtifact(store, 'app', seeded.image, ['1.0', 'latest']);
  writeArtifact(store, 'app', seeded.dockerImage, ['0.9']);
  writeArtifact(store, 'app', seeded.untagged);
  writeArtifact(store, 'app', seeded.signature);
  writeArtifact(store, 'app', seeded.sbom);
  writeArtifact(store, 'multi', seeded.ociIndex, ['oci']);
  writeArtifact(store, 'multi', seeded.dockerList, ['docker']);
  writeArtifact(store, 'multi', seeded.nested, ['nested']);
  writeArtifact(store, 'charts/web', seeded.chart, ['0.1.0']);
  writeArtifact(store, 'a/b/c', seeded.deep, ['deep']);
  writeArtifact(store, 'legacy', seeded.schema1, ['v1']);
  writeArtifact(store, 'wide', seeded.wide, ['big']);
  return seeded;
}

export { startRegistry, type TestRegistry };

/** The project's OCI client on the test registry, admin credentials, near-instant retries. */
export function clientFor(registry: TestRegistry, options: Partial<RegistryClientOptions> = {}): RegistryClient {
  return new RegistryClient({
    url: registry.url,
    caPem: registry.tls.caCertPem,
    credentials: { kind: 'basic', ...ADMIN },
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });
}
