/**
 * The completeness proof: hidden (listEnabled=false) and unreadable (readEnabled=false) content,
 * listings that drop entries, repositories that vanish or appear while the inventory runs, and
 * registry-supplied names that fail the grammar. Never a silently short result.
 */
import { RelocationError } from '../../../src/core/errors.js';
import type { RegistryClient } from '../../../src/core/oci/client.js';
import type { Artifacts } from '../../../src/core/plan/model.js';
import { inventoryArtifacts } from '../../../src/core/inventory/index.js';
import type { RequestLogEntry } from '../../../emulator/src/shared/contract.js';
import {
  buildManifest,
  childManifests,
  descriptorOf,
  generateImage,
  generateSignature,
} from '../../../emulator/src/seed/images.js';
import { writeArtifact } from '../../../emulator/src/seed/images-store.js';
import { clientFor, seedEverything, startRegistry, type Seeded, type TestRegistry } from './support/registry.js';

async function failure(run: Promise<unknown>): Promise<RelocationError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof RelocationError)) throw new Error(`expected a RelocationError, got ${String(error)}`);
  return error;
}

describe('inventory completeness', () => {
  let registry: TestRegistry;
  let client: RegistryClient;
  let seeded: Seeded;
  let clean: Artifacts;

  beforeAll(async () => {
    registry = await startRegistry();
    seeded = seedEverything(registry);
    client = clientFor(registry);
    clean = await inventoryArtifacts(client);
  });
  afterAll(async () => {
    client?.close();
    await registry?.destroy();
  });

  /** Run `fn` on every request log entry written while `body` runs. */
  async function onRequests<T>(fn: (entry: RequestLogEntry) => void, body: () => Promise<T>): Promise<T> {
    const push = registry.log.push.bind(registry.log);
    registry.log.push = (...entries: RequestLogEntry[]) => (entries.forEach(fn), push(...entries));
    try {
      return await body();
    } finally {
      Reflect.deleteProperty(registry.log, 'push');
    }
  }
  const reads = (path: string, since: number) =>
    registry.log.slice(since).filter((e) => e.path.split('?')[0] === path && e.status === 200).length;

  it('fails naming the repository and both counts when a manifest is hidden (listEnabled=false)', async () => {
    const digest = seeded.untagged.root.digest;
    registry.store.setManifestAttributes('app', digest, { listEnabled: false });
    const since = registry.log.length;
    try {
      const error = await failure(inventoryArtifacts(client));
      expect(error.code).toBe('INVENTORY_INCOMPLETE');
      expect(error.message).toContain(
        '"app": the registry reports 3 tags and 5 manifests, the listings gave 3 tags and 4 manifests',
      );
      expect(error.message).toContain('(1 problem(s))');
      expect(error.hint).toContain('listEnabled=false');
      expect(error.hint).toContain('run prepare again');
      expect(reads('/acr/v1/app', since)).toBe(2); // read once more before giving up
    } finally {
      registry.store.setManifestAttributes('app', digest, { listEnabled: true });
    }
  });

  it('fails when a tagged manifest is hidden: tags/list shows a tag no listed manifest carries', async () => {
    const digest = seeded.dockerImage.root.digest;
    registry.store.setManifestAttributes('app', digest, { listEnabled: false });
    try {
      const error = await failure(inventoryArtifacts(client, { include: ['app'] }));
      expect(error.code).toBe('INVENTORY_INCOMPLETE');
      expect(error.message).toContain('"app": tags/list has "0.9" but no listed manifest carries them');
    } finally {
      registry.store.setManifestAttributes('app', digest, { listEnabled: true });
    }
  });

  it('carries a hidden tag found through its manifest, and says so', async () => {
    registry.store.setTagAttributes('app', 'latest', { listEnabled: false });
    const log: string[] = [];
    try {
      const artifacts = await inventoryArtifacts(client, { log: (line) => log.push(line) });
      const app = artifacts.repositories.find((r) => r.name === 'app')!;
      expect(app.tagAttributes).toEqual({ latest: { listEnabled: false } });
      delete app.tagAttributes;
      expect(artifacts).toEqual(clean);
      expect(log).toEqual([
        '"app": 1 tag(s) hidden with listEnabled=false ("latest") found through their manifests; they are carried',
      ]);
    } finally {
      registry.store.setTagAttributes('app', 'latest', { listEnabled: true });
    }
  });

  it('records tags with attributes of their own (locked, unreadable), and no others', async () => {
    expect(clean.repositories.every((r) => r.tagAttributes === undefined)).toBe(true);
    registry.store.setTagAttributes('app', 'latest', { writeEnabled: false, deleteEnabled: false });
    registry.store.setTagAttributes('multi', 'oci', { readEnabled: false });
    try {
      const artifacts = await inventoryArtifacts(client);
      const byName = new Map(artifacts.repositories.map((r) => [r.name, r]));
      expect(byName.get('app')!.tagAttributes).toEqual({ latest: { deleteEnabled: false, writeEnabled: false } });
      expect(byName.get('multi')!.tagAttributes).toEqual({ oci: { readEnabled: false } });
      for (const repository of artifacts.repositories) delete repository.tagAttributes;
      expect(artifacts).toEqual(clean);
    } finally {
      registry.store.setTagAttributes('app', 'latest', { writeEnabled: true, deleteEnabled: true });
      registry.store.setTagAttributes('multi', 'oci', { readEnabled: true });
    }
  });

  it('fetches and carries an index child the listing does not show', async () => {
    const child = childManifests(seeded.ociIndex)[1]!.digest;
    registry.store.setManifestAttributes('multi', child, { listEnabled: false });
    try {
      const artifacts = await inventoryArtifacts(client);
      const multi = artifacts.repositories.find((r) => r.name === 'multi')!;
      const record = multi.manifests.find((m) => m.digest === child)!;
      expect(record.changeableAttributes).toMatchObject({ listEnabled: false });
      expect(record.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
      record.changeableAttributes = { ...record.changeableAttributes, listEnabled: true };
      expect(artifacts).toEqual(clean);
    } finally {
      registry.store.setManifestAttributes('multi', child, { listEnabled: true });
    }
  });

  it('reads the referrers listed by a sha256-<hex> tag-schema index, so their subject is recorded', async () => {
    const image = generateImage('inv/tagschema');
    const signature = generateSignature('inv/tagschema', image.root);
    const index = buildManifest('application/vnd.oci.image.index.v1+json', {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [{ ...descriptorOf(signature.root), artifactType: 'application/vnd.cncf.notary.signature' }],
    });
    writeArtifact(registry.store, 'tagschema', image, ['1']);
    writeArtifact(registry.store, 'tagschema', signature);
    writeArtifact(registry.store, 'tagschema', { root: index, manifests: [index], blobs: [] }, [
      image.root.digest.replace(':', '-'),
    ]);
    try {
      const [repository] = (await inventoryArtifacts(client, { include: ['tagschema'] })).repositories;
      const byDigest = new Map(repository!.manifests.map((m) => [m.digest, m]));
      expect(byDigest.get(index.digest)?.children).toEqual([signature.root.digest]);
      expect(byDigest.get(signature.root.digest)?.subject).toBe(image.root.digest);
    } finally {
      registry.store.deleteRepository('tagschema');
    }
  });

  it('fails when a listing silently drops an entry (counts disagree)', async () => {
    const store = registry.store;
    const list = store.listManifests.bind(store);
    store.listManifests = (repo) => list(repo).filter((m) => m.digest !== seeded.sbom.root.digest);
    try {
      const error = await failure(inventoryArtifacts(client, { include: ['a/**', 'app'] }));
      expect(error.code).toBe('INVENTORY_INCOMPLETE');
      expect(error.message).toContain(
        '"app": the registry reports 3 tags and 5 manifests, the listings gave 3 tags and 4',
      );
      expect(error.message).not.toContain('a/b/c');
    } finally {
      Reflect.deleteProperty(store, 'listManifests');
    }
  });

  it('fails on content it may not read (readEnabled=false), without trying to read it', async () => {
    const digest = seeded.untagged.root.digest;
    registry.store.setManifestAttributes('app', digest, { readEnabled: false });
    const since = registry.log.length;
    try {
      const error = await failure(inventoryArtifacts(client, { include: ['app'] }));
      expect(error.code).toBe('INVENTORY_INCOMPLETE');
      expect(error.message).toContain(`"app": readEnabled=false on "${digest}"`);
      expect(error.hint).toContain('--read-enabled true');
      expect(registry.log.slice(since).filter((e) => e.path.includes(digest))).toEqual([]);
      expect(reads('/acr/v1/app', since)).toBe(1); // nothing a second look would change
    } finally {
      registry.store.setManifestAttributes('app', digest, { readEnabled: true });
    }
    registry.store.setRepositoryAttributes('legacy', { readEnabled: false });
    try {
      const error = await failure(inventoryArtifacts(client, { include: ['legacy'] }));
      expect(error.message).toContain('"legacy": the repository has readEnabled=false');
    } finally {
      registry.store.setRepositoryAttributes('legacy', { readEnabled: true });
    }
  });

  it('fails when a repository the catalog listed is deleted before it is read', async () => {
    let deleted = false;
    const error = await onRequests(
      (entry) => {
        if (entry.kind === 'acr:catalog' && entry.status === 200 && !deleted) {
          deleted = true;
          registry.store.deleteRepository('legacy');
        }
      },
      () => failure(inventoryArtifacts(client)),
    );
    writeArtifact(registry.store, 'legacy', seeded.schema1, ['v1']);
    expect(error.code).toBe('INVENTORY_INCOMPLETE');
    expect(error.message).toContain('"legacy": the catalog listed it, but it no longer exists');
    expect(error.message).not.toContain('catalog changed');
  });

  it('fails when a repository appears during the inventory, unless the filters leave it out', async () => {
    const newcomer = generateImage('inv/newcomer');
    const appear = (entry: RequestLogEntry) => {
      if (entry.kind === 'acr:metadata' && !registry.store.getRepository('newcomer')) {
        writeArtifact(registry.store, 'newcomer', newcomer, ['1']);
      }
    };
    try {
      const error = await onRequests(appear, () => failure(inventoryArtifacts(client)));
      expect(error.code).toBe('INVENTORY_INCOMPLETE');
      expect(error.message).toContain('the catalog changed during the inventory (appeared: "newcomer")');
      registry.store.deleteRepository('newcomer');
      const artifacts = await onRequests(appear, () => inventoryArtifacts(client, { exclude: ['new*'] }));
      expect(artifacts).toEqual(clean);
    } finally {
      registry.store.deleteRepository('newcomer');
    }
  });

  it('refuses a repository name that fails the grammar, naming it escaped', async () => {
    const bad = 'evil\n::error::Injected';
    const store = registry.store;
    const list = store.listRepositories.bind(store);
    const get = store.getRepository.bind(store);
    store.listRepositories = () => [...list(), bad];
    store.getRepository = (name) => (name === bad ? { ...get('app')!, name } : get(name));
    try {
      const error = await failure(inventoryArtifacts(client));
      expect(error.code).toBe('REMOTE_ERROR');
      expect(error.message).toContain('invalid repository name "evil\\n::error::Injected"');
      expect(error.message).not.toContain('\n::error::');
    } finally {
      Reflect.deleteProperty(store, 'listRepositories');
      Reflect.deleteProperty(store, 'getRepository');
    }
  });
});
