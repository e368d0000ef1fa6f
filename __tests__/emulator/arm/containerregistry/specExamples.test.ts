/**
 * Replays every example of the stable 2025-11-01 spec for the operations of the child-resource and
 * importImage providers: the example's request (ids rewritten to this emulator), then the status
 * code (one the example lists), its polling headers, and the body's shape (property names and JSON
 * types). Creates run first, then reads/updates/actions, then deletes. The reference folder is
 * $ARM_CONTAINERREGISTRY_REFERENCE or emulator/reference/arm-containerregistry.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { eventually, startHarness, type Harness, type RawReply } from './harness.js';
import { shapeDifferences } from './shape.js';

const referenceDir = resolve(
  process.env.ARM_CONTAINERREGISTRY_REFERENCE ?? join(process.cwd(), 'emulator', 'reference', 'arm-containerregistry'),
  'stable',
  '2025-11-01',
);
const available = existsSync(join(referenceDir, 'containerregistry.json'));
const MINE =
  /^(Replications|Webhooks|ScopeMaps|Tokens|CacheRules|CredentialSets|ConnectedRegistries|PrivateEndpointConnections)_|^Registries_(GenerateCredentials|ImportImage)$/;
/** Pings carry no target, request, actor or source: only push/delete events do. */
const IGNORED: Record<string, string[]> = {
  'WebhookListEvents.json': ['target', 'request', 'actor', 'source'].map(
    (k) => `$.value[0].eventRequestMessage.content.${k}`,
  ),
};

interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { headers?: Record<string, string>; body?: unknown }>;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  file: string;
}

function operations(): Operation[] {
  const spec = JSON.parse(readFileSync(join(referenceDir, 'containerregistry.json'), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; 'x-ms-examples'?: Record<string, { $ref: string }> }>>;
  };
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!MINE.test(op.operationId ?? '')) continue;
      for (const ref of Object.values(op['x-ms-examples'] ?? {}))
        found.push({
          method: method.toUpperCase(),
          path,
          operationId: op.operationId ?? '',
          file: ref.$ref.replace('./examples/', ''),
        });
    }
  }
  const phase = (o: Operation) =>
    o.method === 'PUT' ? 0 : o.method === 'DELETE' ? 3 : o.operationId === 'Webhooks_ListEvents' ? 2 : 1;
  return found.sort((a, b) => phase(a) - phase(b));
}

const gate = available || process.env.CI === 'true' ? describe : describe.skip;
if (!available) console.warn(`SKIPPED Microsoft.ContainerRegistry example replays: no reference at ${referenceDir}`);

gate('Microsoft.ContainerRegistry 2025-11-01 examples (child resources, importImage)', () => {
  let h: Harness;
  let receiver: Server;
  let receiverUrl = '';
  const all = available ? operations() : [];

  const load = (file: string): Example => {
    const text = readFileSync(join(referenceDir, 'examples', file), 'utf8')
      .replace(/\/subscriptions\/[01]0000000-0000-0000-0000-000000000000/g, `/subscriptions/${h.subscriptionId}`)
      .replaceAll('http://myservice.com', receiverUrl)
      .replaceAll('"registry.hub.docker.com"', '"127.0.0.1:9"');
    return JSON.parse(text) as Example;
  };
  const pathOf = (template: string, params: Record<string, unknown>) =>
    template.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'subscriptionId' ? h.subscriptionId : String(params[name]),
    );
  const bodyOf = (example: Example) =>
    Object.values(example.parameters).find((v) => typeof v === 'object' && v !== null);
  const settled = async (path: string) =>
    eventually(async () => {
      const reply = await h.arm('GET', path);
      const state = (reply.body as { properties?: { provisioningState?: string } } | undefined)?.properties
        ?.provisioningState;
      return reply.status === 404 || !['Creating', 'Updating', 'Deleting'].includes(state ?? '') ? reply : undefined;
    });

  /** The item an operation acts on exists (created from its collection's create example when not). */
  async function ensureItem(op: Operation, example: Example): Promise<void> {
    const itemTemplate = op.path.replace(/\/(getCallbackConfig|ping|listEvents|deactivate)$/, '');
    if (!/\}$/.test(itemTemplate) || itemTemplate.endsWith('{registryName}')) return;
    const path = pathOf(itemTemplate, example.parameters);
    if ((await h.arm('GET', path)).status !== 404) return;
    const create = all.find((o) => o.method === 'PUT' && o.path === itemTemplate);
    if (!create) throw new Error(`no create example for ${itemTemplate}`);
    expect((await h.arm('PUT', path, bodyOf(load(create.file)))).status).toBeLessThan(300);
    await settled(path);
  }

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((ready) => receiver.listen(0, '127.0.0.1', ready));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    h = await startHarness({}, 'myResourceGroup');
    await h.createRegistry('myRegistry', { location: 'westus' });
    await h.createGroup('sourceResourceGroup');
    await h.createRegistry('sourceRegistry', { location: 'westus', group: 'sourceResourceGroup' });
    const registry = h.registryId('myRegistry');
    for (const [collection, file, names] of [
      ['credentialSets', 'CredentialSetCreate.json', ['myCredentialSet', 'myCredentialSet2']],
      ['scopeMaps', 'ScopeMapCreate.json', ['myScopeMap', 'myNewScopeMap']],
    ] as const) {
      for (const name of names) {
        expect((await h.arm('PUT', `${registry}/${collection}/${name}`, bodyOf(load(file)))).status).toBe(201);
        await settled(`${registry}/${collection}/${name}`);
      }
    }
  });
  afterAll(async () => {
    await h?.stop();
    await new Promise<void>((done) => receiver?.close(() => done()));
  });

  for (const op of all) {
    it(`${op.file} (${op.method} ${op.operationId})`, async () => {
      const example = load(op.file);
      if (op.method !== 'PUT') await ensureItem(op, example);
      const path = pathOf(op.path, example.parameters);
      if (op.operationId === 'Webhooks_ListEvents') {
        await eventually(async () => {
          const events =
            ((await h.arm('POST', path)).body as { value?: Array<{ eventResponseMessage?: { statusCode?: string } }> })
              .value ?? [];
          return events[0]?.eventResponseMessage?.statusCode;
        });
      }
      const reply = await h.arm(
        op.method,
        path,
        op.method === 'GET' || op.method === 'DELETE' ? undefined : bodyOf(example),
      );
      expect(Object.keys(example.responses)).toContain(String(reply.status));
      const expected = example.responses[String(reply.status)] ?? {};
      for (const name of Object.keys(expected.headers ?? {})) {
        expect(String(reply.headers[name.toLowerCase()] ?? '')).toMatch(
          new RegExp(
            `^${h.info.armEndpoint}/subscriptions/${h.subscriptionId}/providers/Microsoft.ContainerRegistry/locations/`,
          ),
        );
      }
      if (expected.body !== undefined)
        expect(shapeDifferences(reply.body, expected.body, '$', IGNORED[op.file] ?? [])).toEqual([]);
      await finish(op, example, reply, path);
    });
  }

  /** Waits for long-running answers; a final result (generateCredentials) is compared as well. */
  async function finish(op: Operation, example: Example, reply: RawReply, path: string): Promise<void> {
    if (op.method === 'PUT' || op.method === 'PATCH') {
      await settled(path);
      return;
    }
    const location = reply.headers.location;
    if (reply.status !== 202 || typeof location !== 'string' || op.operationId === 'Registries_ImportImage') return;
    const result = await eventually(async () => {
      const poll = await h.arm('GET', location.replace(h.info.armEndpoint, ''));
      return poll.status === 202 ? undefined : poll;
    });
    expect(result.status).toBeLessThan(300);
    const final = example.responses['200']?.body;
    if (op.operationId === 'Registries_GenerateCredentials' && final !== undefined)
      expect(shapeDifferences(result.body, final)).toEqual([]);
  }
});
