/**
 * The bench's local Azure: the project's emulator in this process (so its request log and registry
 * stores can be read directly), the product's CLI and the baseline in child processes signed in as
 * a user's would be (AZURE_* variables, NODE_EXTRA_CA_CERTS), and figures read from the request log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { ClientSecretCredential } from '@azure/identity';
import { startEmulator, type EmulatorOptions } from '../../emulator/src/index.js';
import type { Emulator } from '../../emulator/src/emulator.js';
import type { RequestLogEntry } from '../../emulator/src/shared/contract.js';

export type { Emulator };

/** Azure's built-in Contributor role (what a relocation runbook's service principal usually holds). */
const CONTRIBUTOR = 'b24988ac-6180-42a0-ab88-20f7382dd24c';

export interface Principal {
  clientId: string;
  objectId: string;
  secret: string;
}

export function startBenchEmulator(options: EmulatorOptions): Promise<Emulator> {
  return startEmulator({ ...options, trustCaInProcess: true });
}

export function mainPrincipal(emulator: Emulator): Principal {
  const main = emulator.mainPrincipal();
  return { clientId: main.clientId, objectId: main.objectId, secret: main.secrets[0] ?? '' };
}

export function credentialFor(emulator: Emulator, principal: Principal): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, principal.clientId, principal.secret, {
    authorityHost: emulator.entra.url,
    disableInstanceDiscovery: true,
  });
}

export function armClientOptions(emulator: Emulator) {
  const scope = `${emulator.arm.armUrl}/.default`;
  return { endpoint: emulator.arm.armUrl, credentialScopes: [scope], credentials: { scopes: [scope] } };
}

export function registryManagement(emulator: Emulator, principal = mainPrincipal(emulator)) {
  return new ContainerRegistryManagementClient(
    credentialFor(emulator, principal),
    emulator.subscriptionId,
    armClientOptions(emulator),
  );
}

/**
 * A second service principal with Contributor on the subscription: ARM throttles per principal and
 * subscription, so a baseline signed in as this one runs beside ours without sharing its budget.
 */
export async function addContributor(emulator: Emulator, displayName: string): Promise<Principal> {
  const principal = { clientId: randomUUID(), objectId: randomUUID(), secret: randomBytes(24).toString('base64url') };
  emulator.directory.upsert({
    clientId: principal.clientId,
    objectId: principal.objectId,
    displayName,
    secrets: [principal.secret],
    federatedCredentials: [],
  });
  const subscription = `/subscriptions/${emulator.subscriptionId}`;
  const authorization = new AuthorizationManagementClient(
    credentialFor(emulator, mainPrincipal(emulator)),
    emulator.subscriptionId,
    armClientOptions(emulator),
  );
  await authorization.roleAssignments.create(subscription, randomUUID(), {
    roleDefinitionId: `${subscription}/providers/Microsoft.Authorization/roleDefinitions/${CONTRIBUTOR}`,
    principalId: principal.objectId,
    principalType: 'ServicePrincipal',
  });
  return principal;
}

/** The environment of a child process that signs in as `principal` against this emulator. */
export function childEnvironment(emulator: Emulator, principal: Principal): NodeJS.ProcessEnv {
  const passThrough = ['PATH', 'HOME', 'TMPDIR', 'LANG'].filter((name) => process.env[name] !== undefined);
  return {
    ...Object.fromEntries(passThrough.map((name) => [name, process.env[name]])),
    AZURE_TENANT_ID: emulator.tenantId,
    AZURE_CLIENT_ID: principal.clientId,
    AZURE_CLIENT_SECRET: principal.secret,
    ACR_RELOCATE_ARM_ENDPOINT: emulator.arm.armUrl,
    ACR_RELOCATE_AUTHORITY_HOST: emulator.entra.url,
    ACR_RELOCATE_SUBSCRIPTION_ID: emulator.subscriptionId,
    NODE_EXTRA_CA_CERTS: emulator.tls.caFile,
    SSL_CERT_FILE: emulator.tls.caFile,
  };
}

export interface ArmTraffic {
  /** PUT/POST/PATCH/DELETE requests the principal sent to ARM (throttled ones included). */
  writes: number;
  /** importImage requests sent, and how many ARM accepted (202). */
  importsSent: number;
  importsAccepted: number;
  /** 429 answers the principal received from ARM, reads and writes. */
  throttled: number;
  /** Milliseconds between the first and the last accepted importImage (0 with fewer than two). */
  importWindowMs: number;
}

const WRITE_METHODS = new Set(['PUT', 'POST', 'PATCH', 'DELETE']);

/** What `principal` sent to ARM after log entry `afterSeq`, from the emulator's request log. */
export function armTraffic(emulator: Emulator, principal: Principal, afterSeq: number): ArmTraffic {
  const entries = emulator.requests
    .list({ service: 'arm', afterSeq })
    .filter((entry) => entry.principal?.toLowerCase() === principal.objectId.toLowerCase());
  const imports = entries.filter((entry) => entry.method === 'POST' && /\/importImage(\?|$)/i.test(entry.path));
  const accepted = imports.filter((entry) => entry.status === 202);
  return {
    writes: entries.filter((entry) => WRITE_METHODS.has(entry.method)).length,
    importsSent: imports.length,
    importsAccepted: accepted.length,
    throttled: entries.filter((entry) => entry.status === 429).length,
    importWindowMs: windowOf(accepted),
  };
}

function windowOf(entries: readonly RequestLogEntry[]): number {
  if (entries.length < 2) return 0;
  return Date.parse(entries.at(-1)!.time) - Date.parse(entries[0]!.time);
}
