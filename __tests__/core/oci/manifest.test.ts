import {
  blobsOf,
  detectMediaType,
  MANIFEST_ACCEPT,
  manifestKind,
  MediaTypes,
  parseManifest,
  platformLabel,
} from '../../../src/core/oci/manifest.js';

const d = (c: string, extra: object = {}) => ({
  mediaType: 'application/vnd.oci.image.layer.v1.tar',
  digest: `sha256:${c.repeat(64)}`,
  size: 10,
  ...extra,
});
const json = (v: object) => Buffer.from(JSON.stringify(v));

describe('media types', () => {
  it('accepts every manifest type we can copy', () => {
    for (const type of [
      MediaTypes.ociIndex,
      MediaTypes.dockerManifestList,
      MediaTypes.ociManifest,
      MediaTypes.dockerManifest,
      MediaTypes.dockerSchema1Signed,
      MediaTypes.dockerSchema1,
    ]) {
      expect(MANIFEST_ACCEPT.split(', ')).toContain(type);
    }
    expect(manifestKind(MediaTypes.dockerManifestList)).toBe('index');
    expect(manifestKind(MediaTypes.dockerManifest)).toBe('image');
    expect(manifestKind(MediaTypes.dockerSchema1Signed)).toBe('schema1');
    expect(manifestKind('text/plain')).toBe('unknown');
  });

  it('takes the Content-Type when it names a manifest type, else reads the body', () => {
    expect(detectMediaType(`${MediaTypes.dockerManifest}; charset=utf-8`, json({}))).toBe(MediaTypes.dockerManifest);
    expect(detectMediaType('application/json', json({ mediaType: MediaTypes.ociIndex, manifests: [] }))).toBe(
      MediaTypes.ociIndex,
    );
    expect(detectMediaType(undefined, json({ schemaVersion: 1, signatures: [] }))).toBe(MediaTypes.dockerSchema1Signed);
    expect(detectMediaType(undefined, json({ schemaVersion: 1 }))).toBe(MediaTypes.dockerSchema1);
    expect(detectMediaType(undefined, json({ schemaVersion: 2, manifests: [] }))).toBe(MediaTypes.ociIndex);
    expect(detectMediaType(undefined, json({ schemaVersion: 2, config: {}, layers: [] }))).toBe(MediaTypes.ociManifest);
    expect(detectMediaType('text/plain', Buffer.from('nope'))).toBe('text/plain');
  });
});

describe('parseManifest', () => {
  it('reads config, layers, subject, artifactType and annotations of an image manifest', () => {
    const parsed = parseManifest(
      json({
        schemaVersion: 2,
        config: d('c', { mediaType: 'application/vnd.cncf.notary.config' }),
        layers: [d('1'), d('2')],
        subject: d('5'),
        annotations: { a: 'b', n: 1 },
      }),
      MediaTypes.ociManifest,
    );
    expect(parsed.kind).toBe('image');
    expect(blobsOf(parsed).map((b) => b.digest[7])).toEqual(['c', '1', '2']);
    expect(parsed.subject?.digest).toBe(d('5').digest);
    expect(parsed.artifactType).toBe('application/vnd.cncf.notary.config'); // falls back to config.mediaType
    expect(parsed.annotations).toEqual({ a: 'b' });
    const withType = parseManifest(
      json({ config: d('c'), layers: [], artifactType: 'application/x-sbom' }),
      MediaTypes.ociManifest,
    );
    expect(withType.artifactType).toBe('application/x-sbom');
  });

  it('reads children and platforms of an index', () => {
    const parsed = parseManifest(
      json({
        manifests: [
          d('a', { platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } }),
          d('b', { platform: { os: 'windows', architecture: 'amd64', 'os.version': '10.0.17763.1' } }),
        ],
      }),
      MediaTypes.ociIndex,
    );
    expect(parsed.children.map((c) => platformLabel(c.platform))).toEqual(['linux/arm64/v8', 'windows/amd64']);
    expect(parsed.children[1]!.platform!['os.version']).toBe('10.0.17763.1');
    expect(blobsOf(parsed)).toEqual([]);
    expect(platformLabel(undefined)).toBeUndefined();
  });

  it('lists the distinct fsLayers of a schema1 manifest', () => {
    const parsed = parseManifest(
      json({
        schemaVersion: 1,
        fsLayers: [{ blobSum: d('1').digest }, { blobSum: d('1').digest }, { blobSum: d('2').digest }],
      }),
      MediaTypes.dockerSchema1Signed,
    );
    expect(parsed.layers.map((l) => [l.digest, l.size])).toEqual([
      [d('1').digest, -1],
      [d('2').digest, -1],
    ]);
  });

  it.each([
    ['not JSON', Buffer.from('{'), MediaTypes.ociManifest, /not JSON/],
    ['an array', json([]), MediaTypes.ociManifest, /not a JSON object/],
    [
      'a bad digest',
      json({ config: d('c'), layers: [{ ...d('1'), digest: 'sha256:../../x' }] }),
      MediaTypes.ociManifest,
      /layers\[0\] has digest/,
    ],
    [
      'a negative size',
      json({ config: { ...d('c'), size: -1 }, layers: [] }),
      MediaTypes.ociManifest,
      /config has no valid size/,
    ],
    ['an index without manifests', json({}), MediaTypes.ociIndex, /without "manifests"/],
    ['an unknown type', json({}), 'text/plain', /unsupported media type/],
  ])('refuses %s', (_name, bytes, type, message) => {
    expect(() => parseManifest(bytes, type)).toThrow(
      expect.objectContaining({ code: 'REMOTE_ERROR', message: expect.stringMatching(message) }),
    );
  });
});
