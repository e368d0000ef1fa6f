/**
 * A data plane on its own HTTPS listener with a fake RegistryControl whose settings tests flip:
 *
 *   const registry = await startRegistry();
 *   registry.settings.anonymousPull = true;
 *   const client = registry.client();          // admin credentials
 *   … await registry.close();
 *
 * TLS comes from the emulator's own CA helper (emulator/src/tls/ca.ts), shared by all test files.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BlobPool, createDataPlaneHandler, RegistryStore } from '../../../emulator/src/acr/index.js';
import type {
  DataPlanePermissions,
  FaultAction,
  RegistryControl,
  RequestLogEntry,
  TokenScope,
} from '../../../emulator/src/shared/contract.js';
import { loadOrCreateTls, type TlsMaterial } from '../../../emulator/src/tls/ca.js';
import { RegistryClient } from '../../../emulator/src/seed/oci-client.js';

export const ADMIN = { username: 'testregistry', password: 'admin-password-1' };

export interface FakeSettings {
  adminEnabled: boolean;
  adminPasswords: string[];
  anonymousPull: boolean;
  publicNetwork: boolean;
  /** Scoped tokens: name -> password + scope map. */
  tokens: Map<string, { password: string; scopes: TokenScope[] }>;
  /** Entra access tokens the fake "Entra" accepts: token -> identity. */
  entraTokens: Map<string, { oid: string; tid: string }>;
  /** Role-derived permissions per object id. */
  permissions: Map<string, DataPlanePermissions>;
}

export interface TestRegistry {
  url: string;
  loginServer: string;
  settings: FakeSettings;
  control: RegistryControl;
  store: RegistryStore;
  pool: BlobPool;
  dir: string;
  tls: TlsMaterial;
  log: RequestLogEntry[];
  /** Fault rules by kind; a rule may be a function of the request count for that kind. */
  faults: Map<string, FaultAction>;
  client(credentials?: { username: string; password: string } | null): RegistryClient;
  /** Closes the listener and the store (the directory stays, for restart tests). */
  close(): Promise<void>;
  /** close() and delete the directory. */
  destroy(): Promise<void>;
}

export function testTls(): TlsMaterial {
  return loadOrCreateTls(join(tmpdir(), 'acr-relocate-dataplane-tests'));
}

export function defaultSettings(): FakeSettings {
  return {
    adminEnabled: true,
    adminPasswords: [ADMIN.password, 'admin-password-2'],
    anonymousPull: false,
    publicNetwork: true,
    tokens: new Map(),
    entraTokens: new Map(),
    permissions: new Map(),
  };
}

function fakeControl(name: string, settings: FakeSettings, loginServer: () => string): RegistryControl {
  return {
    name,
    loginServer,
    adminCredentials: () =>
      settings.adminEnabled ? { username: ADMIN.username, passwords: settings.adminPasswords } : undefined,
    tokenScopes: (username, password) => {
      const token = settings.tokens.get(username);
      return token && token.password === password ? token.scopes : undefined;
    },
    anonymousPullEnabled: () => settings.anonymousPull,
    publicNetworkAccessEnabled: () => settings.publicNetwork,
    verifyEntraToken: (token) => settings.entraTokens.get(token),
    entraPermissions: (oid) => settings.permissions.get(oid) ?? { pull: false, push: false, delete: false },
  };
}

export interface StartOptions {
  dir?: string;
  pool?: BlobPool;
  settings?: FakeSettings;
  tokenSecret?: Buffer;
  now?: () => Date;
}

export async function startRegistry(options: StartOptions = {}): Promise<TestRegistry> {
  const tls = testTls();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'acr-dp-'));
  const pool = options.pool ?? new BlobPool(join(dir, 'blobs'));
  const store = RegistryStore.open({
    dir: join(dir, 'registry'),
    blobPool: pool,
    ...(options.now ? { now: options.now } : {}),
  });
  const settings = options.settings ?? defaultSettings();
  let loginServer = '127.0.0.1:0';
  const control = fakeControl('testregistry', settings, () => loginServer);
  const log: RequestLogEntry[] = [];
  const faults = new Map<string, FaultAction>();
  const handler = createDataPlaneHandler(control, store, {
    log: (entry) => log.push({ ...entry, seq: log.length + 1, time: new Date().toISOString() }),
    fault: (kind) => faults.get(kind),
    ...(options.tokenSecret ? { tokenSecret: options.tokenSecret } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  const server: Server = createServer({ key: tls.serverKeyPem, cert: tls.serverCertPem }, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  loginServer = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: RegistryClient[] = [];
  const close = async (): Promise<void> => {
    clients.forEach((client) => client.close());
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    store.close();
  };
  return {
    url: `https://${loginServer}`,
    loginServer,
    settings,
    control,
    store,
    pool,
    dir,
    tls,
    log,
    faults,
    client(credentials) {
      const client = new RegistryClient({
        baseUrl: `https://${loginServer}`,
        ca: tls.caCertPem,
        ...(credentials === null ? {} : { credentials: credentials ?? ADMIN }),
      });
      clients.push(client);
      return client;
    },
    close,
    async destroy() {
      await close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

export function errorCodes(body: Buffer): string[] {
  const parsed = JSON.parse(body.toString('utf8')) as { errors: Array<{ code: string }> };
  return parsed.errors.map((error) => error.code);
}

export function json<T = Record<string, unknown>>(body: Buffer): T {
  return JSON.parse(body.toString('utf8')) as T;
}
