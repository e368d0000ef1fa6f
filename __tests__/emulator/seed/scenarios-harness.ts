/**
 * Shared by the seed scenario tests: the source registry of a running emulator (registries[0]) as
 * the project's own OCI client sees it with the admin credentials, and SDK clients on the emulator.
 */
import { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import {
  RegistryClient,
  getAcrRepository,
  listRepositories,
  listTags,
  getManifest,
} from '../../../src/core/oci/index.js';
import { armOptions, credentialOf, type Emulator } from '../helpers/testEmulator.js';

export function sourceInfo(emulator: Emulator) {
  const source = emulator.connectionInfo().registries[0];
  if (!source) throw new Error('no registry seeded');
  return source;
}

/** The source's data plane through src/core/oci with its admin user (as a person would read it). */
export function sourceClient(emulator: Emulator): RegistryClient {
  const source = sourceInfo(emulator);
  if (!source.adminUser || !source.adminPassword) throw new Error('the source has no admin user');
  return new RegistryClient({
    url: `https://${source.loginServer}`,
    credentials: { kind: 'basic', username: source.adminUser, password: source.adminPassword },
    caPem: emulator.tls.caCertPem,
    retry: { maxAttempts: 1 },
  });
}

/** `repository:tag` → digest for every tag of the source (over HTTP). */
export async function tagDigests(client: RegistryClient): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const repository of await listRepositories(client)) {
    for (const tag of await listTags(client, repository)) {
      out[`${repository}:${tag}`] = (await getManifest(client, repository, tag)).digest;
    }
  }
  return out;
}

/** Sum of `/acr/v1/<repo>` tagCount and manifestCount over the source's repositories. */
export async function counts(
  client: RegistryClient,
): Promise<{ repositories: number; tags: number; manifests: number }> {
  const repositories = await listRepositories(client);
  let tags = 0;
  let manifests = 0;
  for (const repository of repositories) {
    const attributes = await getAcrRepository(client, repository);
    tags += attributes.tagCount;
    manifests += attributes.manifestCount;
  }
  return { repositories: repositories.length, tags, manifests };
}

export function registryClient(emulator: Emulator): ContainerRegistryManagementClient {
  return new ContainerRegistryManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
}

export function authorizationClient(emulator: Emulator): AuthorizationManagementClient {
  return new AuthorizationManagementClient(credentialOf(emulator), emulator.subscriptionId, armOptions(emulator));
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
