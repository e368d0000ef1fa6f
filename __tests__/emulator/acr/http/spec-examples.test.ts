/**
 * Replays the ACR data-plane spec's examples (reference/acr-data-plane, 2021-07-01) against the
 * emulator: seed matching content, send the example's request, then compare the status code, the
 * named response headers and the body's shape (property names and JSON types; values may differ).
 * The reference folder is found at $ACR_DATA_PLANE_REFERENCE or emulator/reference/acr-data-plane.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ADMIN, basic, json, startRegistry, type TestRegistry } from '../harness.js';
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage, sha256 } from '../../../../emulator/src/seed/images.js';

const referenceDir = resolve(
  process.env.ACR_DATA_PLANE_REFERENCE ?? join(process.cwd(), 'emulator', 'reference', 'acr-data-plane'),
  'stable',
  '2021-07-01',
);
const available = existsSync(join(referenceDir, 'containerregistry.json'));

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { headers?: Record<string, string>; body?: unknown }>;
}

interface Operation {
  method: string;
  path: string;
  example: string;
}

function operationsByExample(): Operation[] {
  const spec = JSON.parse(readFileSync(join(referenceDir, 'containerregistry.json'), 'utf8')) as {
    paths: Record<string, Record<string, { 'x-ms-examples'?: Record<string, { $ref: string }> }>>;
  };
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      for (const ref of Object.values(operation['x-ms-examples'] ?? {})) {
        operations.push({ method: method.toUpperCase(), path, example: ref.$ref.replace('./examples/', '') });
      }
    }
  }
  return operations.filter((operation) => existsSync(join(referenceDir, 'examples', operation.example)));
}

/** Same property names with the same JSON types (recursively; arrays by their first element). */
function expectSameShape(actual: unknown, expected: unknown, where: string): void {
  const kind = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
  expect(`${where}: ${kind(actual)}`).toBe(`${where}: ${kind(expected)}`);
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length > 0) {
    expect(actual.length).toBeGreaterThan(0);
    expectSameShape(actual[0], expected[0], `${where}[0]`);
  } else if (kind(expected) === 'object') {
    for (const [key, value] of Object.entries(expected as Record<string, unknown>)) {
      expectSameShape((actual as Record<string, unknown>)[key], value, `${where}.${key}`);
    }
  }
}

const gate = available || process.env.CI === 'true' ? describe : describe.skip;
if (!available) console.warn(`SKIPPED spec example replays: no reference at ${referenceDir}`);

gate('ACR data-plane spec examples', () => {
  let registry: TestRegistry;
  const image = generateImage('examples', { format: 'docker' });

  beforeAll(async () => {
    registry = await startRegistry();
    registry.settings.entraTokens.set('entra-example', { oid: 'oid-example', tid: 'tenant-example' });
    registry.settings.permissions.set('oid-example', { pull: true, push: true, delete: true });
  });

  afterAll(() => registry?.destroy());

  /** (Re)creates the example's repository with the tag it names, all attributes enabled. */
  function seed(repository: string, tag: string): void {
    writeArtifact(registry.store, repository, image, [tag, 'latest']);
    const all = { deleteEnabled: true, writeEnabled: true, readEnabled: true, listEnabled: true };
    registry.store.setRepositoryAttributes(repository, all);
    registry.store.setManifestAttributes(repository, image.root.digest, all);
    for (const name of [tag, 'latest']) registry.store.setTagAttributes(repository, name, all);
  }

  async function uploadLocation(repository: string): Promise<string> {
    const response = await registry.client().send('POST', `/v2/${repository}/blobs/uploads/`);
    return (response.headers.location as string).slice(1);
  }

  async function refreshToken(): Promise<string> {
    const form = new URLSearchParams({
      grant_type: 'access_token',
      service: registry.loginServer,
      access_token: 'entra-example',
    });
    const response = await registry.client(null).raw('POST', new URL('/oauth2/exchange', registry.url), {
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from(form.toString()),
    });
    return json<{ refresh_token: string }>(response.body).refresh_token;
  }

  async function buildRequest(operation: Operation, example: Example) {
    const p = example.parameters;
    const repository = typeof p.name === 'string' ? p.name : 'example';
    const reference = typeof p.reference === 'string' && !p.reference.includes(':') ? p.reference : 'latest';
    seed(repository, reference);
    const uploadPayload = Buffer.from('Something');
    let path = operation.path
      .replace('{name}', repository)
      .replace(
        '{reference}',
        operation.path.includes('/manifests/') && String(p.reference).includes(':') ? image.root.digest : reference,
      )
      .replace('{digest}', operation.path.includes('/blobs/') ? (image.blobs[0]?.digest ?? '') : image.root.digest);
    const headers: Record<string, string> = { Authorization: basic(ADMIN.username, ADMIN.password) };
    let body: Buffer | undefined;
    if (path.includes('{nextBlobUuidLink}')) {
      const location = await uploadLocation('blobland');
      if (operation.method === 'PUT') {
        await registry.client().send('PATCH', `/${location}`, { body: uploadPayload });
        path = `/${location}&digest=${sha256(uploadPayload)}`;
      } else {
        path = `/${location}`;
        if (operation.method === 'PATCH') body = uploadPayload;
      }
    }
    if (typeof p.accept === 'string') headers.Accept = p.accept;
    if (p.value !== undefined && operation.method === 'PATCH' && !path.includes('/blobs/uploads/')) {
      body = Buffer.from(typeof p.value === 'string' ? p.value : JSON.stringify(p.value));
      headers['Content-Type'] = 'application/json';
    }
    if (operation.path.startsWith('/oauth2/')) {
      const form = new URLSearchParams();
      for (const key of ['grant_type', 'scope', 'tenant'] as const)
        if (typeof p[key] === 'string') form.set(key, p[key]);
      form.set('service', registry.loginServer);
      if (p.access_token) form.set('access_token', 'entra-example');
      if (p.refresh_token) form.set('refresh_token', await refreshToken());
      if (p.tenant) form.set('tenant', 'tenant-example');
      body = Buffer.from(form.toString());
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      delete headers.Authorization;
    }
    if (typeof p['api-version'] === 'string')
      path += `${path.includes('?') ? '&' : '?'}api-version=${p['api-version']}`;
    return { path, headers, body };
  }

  const operations = available ? operationsByExample() : [];

  it('covers every example file of the reference', () => {
    const files = readdirSync(join(referenceDir, 'examples')).filter((file) => file.endsWith('.json'));
    expect(operations.map((operation) => operation.example).sort()).toEqual(files.sort());
  });

  it.each(operations.map((operation) => [operation.example, operation] as const))('%s', async (_name, operation) => {
    const example = JSON.parse(readFileSync(join(referenceDir, 'examples', operation.example), 'utf8')) as Example;
    const { path, headers, body } = await buildRequest(operation, example);
    const response = await registry
      .client(null)
      .raw(operation.method, new URL(path, registry.url), { headers, ...(body ? { body } : {}) });
    const [expectedStatus] = Object.keys(example.responses);
    expect(`${operation.example} -> ${response.status}`).toBe(`${operation.example} -> ${expectedStatus}`);
    const expected = example.responses[expectedStatus!]!;
    for (const header of Object.keys(expected.headers ?? {})) {
      expect(response.headers[header.toLowerCase()]).toEqual(expect.any(String));
    }
    if (expected.body !== undefined && expected.body !== '' && Object.keys(expected.body as object).length > 0) {
      expectSameShape(json(response.body), expected.body, operation.example);
    }
  });
});
