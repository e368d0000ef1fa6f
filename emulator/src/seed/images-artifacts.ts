/**
 * Non-image artifacts for seeding: OCI 1.1 referrers (a Notation signature and an SPDX SBOM, each
 * with a `subject`), a Helm chart as ACR stores it, and a legacy docker schema1 manifest.
 */
import {
  buildLayer,
  buildManifest,
  descriptorOf,
  jsonBlob,
  rawBlob,
  seededBytes,
  sha256,
  type GeneratedArtifact,
  type GeneratedManifest,
} from './images-build.js';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const NOTARY_SIGNATURE = 'application/vnd.cncf.notary.signature';
export const SPDX_SBOM = 'application/spdx+json';
export const HELM_CONFIG = 'application/vnd.cii.helm.config.v1+json';
export const HELM_CHART_LAYER = 'application/vnd.cii.helm.chart.content.v1.tar+gzip';
export const SCHEMA1_SIGNED = 'application/vnd.docker.distribution.manifest.v1+prettyjws';

/** The OCI 1.1 empty config (`{}`), used by artifacts that have no config of their own. */
export const EMPTY_CONFIG = rawBlob('application/vnd.oci.empty.v1+json', Buffer.from('{}'));

const CREATED = '2020-01-01T00:00:00Z';

function referrer(
  subject: GeneratedManifest,
  artifactType: string,
  layer: ReturnType<typeof rawBlob>,
  annotations: Record<string, string>,
): GeneratedArtifact {
  const root = buildManifest(
    OCI_MANIFEST,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: descriptorOf(EMPTY_CONFIG),
      layers: [descriptorOf(layer)],
      subject: descriptorOf(subject),
      annotations,
    },
    { artifactType, annotations },
  );
  return { root, manifests: [root], blobs: [EMPTY_CONFIG, layer] };
}

/** A Notation-style signature of `subject` (a JWS envelope layer; the signature itself is seeded bytes). */
export function generateSignature(seed: string, subject: GeneratedManifest): GeneratedArtifact {
  const envelope = {
    payload: Buffer.from(JSON.stringify({ targetArtifact: descriptorOf(subject) })).toString('base64url'),
    protected: Buffer.from(
      JSON.stringify({ alg: 'PS256', cty: 'application/vnd.cncf.notary.payload.v1+json' }),
    ).toString('base64url'),
    signature: seededBytes(`signature:${seed}`, 256).toString('base64url'),
  };
  const layer = rawBlob('application/jose+json', Buffer.from(JSON.stringify(envelope)));
  return referrer(subject, NOTARY_SIGNATURE, layer, {
    'io.cncf.notary.x509chain.thumbprint#S256': JSON.stringify([sha256(`cert:${seed}`).slice('sha256:'.length)]),
    'org.opencontainers.image.created': CREATED,
  });
}

/** An SPDX 2.3 SBOM of `subject`. */
export function generateSbom(seed: string, subject: GeneratedManifest): GeneratedArtifact {
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `sbom-${seed}`,
    documentNamespace: `https://emulator.invalid/spdx/${sha256(seed).slice(7, 23)}`,
    creationInfo: { created: CREATED, creators: ['Tool: acr-relocate-emulator'] },
    packages: [{ name: 'app', SPDXID: 'SPDXRef-app', versionInfo: seed, downloadLocation: 'NOASSERTION' }],
  };
  const layer = rawBlob(SPDX_SBOM, Buffer.from(JSON.stringify(document)));
  return referrer(subject, SPDX_SBOM, layer, { 'org.opencontainers.image.created': CREATED });
}

export interface HelmChartOptions {
  name?: string;
  version?: string;
}

/** A Helm 3 chart as pushed with `helm push` (OCI manifest, Helm config and chart layer). */
export function generateHelmChart(seed: string, options: HelmChartOptions = {}): GeneratedArtifact {
  const name = options.name ?? 'chart';
  const version = options.version ?? '0.1.0';
  const chartYaml = `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: seeded chart ${seed}\n`;
  const layer = buildLayer(
    `helm:${seed}:${name}:${version}`,
    () => [
      { path: `${name}/Chart.yaml`, content: Buffer.from(chartYaml) },
      { path: `${name}/values.yaml`, content: Buffer.from(`replicaCount: 1\nseed: "${seed}"\n`) },
      { path: `${name}/templates/` },
    ],
    HELM_CHART_LAYER,
  );
  const config = jsonBlob(HELM_CONFIG, { name, version, description: `seeded chart ${seed}`, apiVersion: 'v2' });
  const root = buildManifest(OCI_MANIFEST, {
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: descriptorOf(config),
    layers: [descriptorOf(layer)],
    annotations: { 'org.opencontainers.image.title': name, 'org.opencontainers.image.version': version },
  });
  return { root, manifests: [root], blobs: [config, layer] };
}

/**
 * A legacy docker schema1 (signed) manifest over one seeded layer. Its JWS is not a valid signature:
 * registries store schema1 as is, and that is what this is for (the prepare check flags them).
 */
export function generateSchema1(seed: string, repository = 'legacy', tag = 'v1'): GeneratedArtifact {
  const layer = buildLayer(
    `schema1:${seed}`,
    () => [{ path: 'legacy.txt', content: seededBytes(seed, 512) }],
    'application/vnd.docker.image.rootfs.diff.tar.gzip',
  );
  const v1 = { id: sha256(`v1:${seed}`).slice(7), created: CREATED, architecture: 'amd64', os: 'linux' };
  const root = buildManifest(SCHEMA1_SIGNED, {
    schemaVersion: 1,
    name: repository,
    tag,
    architecture: 'amd64',
    fsLayers: [{ blobSum: layer.digest }],
    history: [{ v1Compatibility: JSON.stringify(v1) }],
    signatures: [
      {
        header: { jwk: { crv: 'P-256', kid: 'EMUL:ATOR', kty: 'EC', x: 'AA', y: 'AA' }, alg: 'ES256' },
        signature: seededBytes(`jws:${seed}`, 64).toString('base64url'),
        protected: Buffer.from(JSON.stringify({ formatLength: 1, formatTail: 'fQ', time: CREATED })).toString(
          'base64url',
        ),
      },
    ],
  });
  return { root, manifests: [root], blobs: [layer] };
}
