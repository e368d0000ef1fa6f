/**
 * Test support for anything that runs against the emulator in-process:
 *
 *   const emulator = await startTestEmulator();           // shared test CA, trusted by this process
 *   const acr = new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
 *   const reply = await armRequest(emulator, 'GET', '/subscriptions', { apiVersion: '2022-12-01' });
 *   await emulator.stop();
 *
 * Every emulator of a test run uses one CA under the OS temp dir (generated once, reused), so the
 * in-process trust patch and NODE_EXTRA_CA_CERTS for child processes both point at the same file.
 */
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { startEmulator, type Emulator, type EmulatorOptions, type ArmProvider } from '../../../emulator/src/index.js';
import { loadOrCreateTls } from '../../../emulator/src/tls/ca.js';

export const TEST_CA_DIR = join(tmpdir(), 'acr-relocate-test-ca');

/** The shared test CA file (for NODE_EXTRA_CA_CERTS / SSL_CERT_FILE of child processes). */
export function testCaFile(): string {
  return loadOrCreateTls(TEST_CA_DIR).caFile;
}

export function startTestEmulator(options: EmulatorOptions = {}, providers: ArmProvider[] = []): Promise<Emulator> {
  return startEmulator({ caDir: TEST_CA_DIR, trustCaInProcess: true, ...options }, providers);
}

/** A ClientSecretCredential for the main service principal (or another one with a secret). */
export function credentialOf(emulator: Emulator, clientId?: string): ClientSecretCredential {
  const principal = clientId ? emulator.directory.byClientId(clientId) : emulator.mainPrincipal();
  if (!principal) throw new Error(`no principal ${clientId ?? ''}`);
  return new ClientSecretCredential(emulator.tenantId, principal.clientId, principal.secrets[0] ?? '', {
    authorityHost: emulator.entra.url,
    disableInstanceDiscovery: true,
  });
}

/** SDK client options: the emulator's ARM endpoint and fast retries so fault tests stay quick. */
export function armOptions(emulator: Emulator) {
  return {
    endpoint: emulator.arm.armUrl,
    credentials: { scopes: [`${emulator.arm.armUrl}/.default`] },
    credentialScopes: [`${emulator.arm.armUrl}/.default`],
    retryOptions: { retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetries: 3 },
  };
}

/** Polling interval for SDK pollers in tests. */
export const FAST_POLL = { updateIntervalInMs: 5 };

export interface RawReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests inspect arbitrary JSON
  text: string;
}

/** An access token for the main principal (or `clientId`) with the given audience. */
export async function accessToken(
  emulator: Emulator,
  audience = emulator.arm.armUrl,
  clientId?: string,
): Promise<string> {
  const token = await credentialOf(emulator, clientId).getToken(`${audience}/.default`);
  return token.token;
}

/** A raw HTTPS request (for status codes and headers the SDKs hide). */
export function httpsRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** An ARM request with the main principal's token unless `token` is given ('' sends none). */
export async function armRequest(
  emulator: Emulator,
  method: string,
  path: string,
  options: { apiVersion?: string | null; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<RawReply> {
  const token = options.token ?? (await accessToken(emulator));
  const separator = path.includes('?') ? '&' : '?';
  const query =
    options.apiVersion === null || options.apiVersion === undefined
      ? ''
      : `${separator}api-version=${options.apiVersion}`;
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  return httpsRequest(`${emulator.arm.armUrl}${path}${query}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
}

export type { Emulator };
