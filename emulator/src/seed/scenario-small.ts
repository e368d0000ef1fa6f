/**
 * 'small': the source registry with a handful of repositories (scenario-small-content.ts, written
 * through the store fast path) and the settings and child resources a real registry carries, each
 * created through ARM as a user would: a replication in northeurope, a webhook with a custom header,
 * a user scope map with a token (and its password1), and a cache rule logging in with a credential
 * set. The registry's tags come with the source itself (scenario-source.ts).
 */
import { deterministicSecret } from '../shared/ids.js';
import { REGISTRY_API, registerScenario, SOURCE_LOCATION, type ScenarioContext } from './scenarios.js';
import { ensureSource, type SourceRegistry } from './scenario-source.js';
import { smallItems, writeItems } from './scenario-small-content.js';

export const REPLICA_LOCATION = 'northeurope';
export const WEBHOOK_NAME = 'relocationhook';
export const WEBHOOK_HEADER = 'X-Relocation-Token';
export const SCOPE_MAP_NAME = 'team-app-read';
export const TOKEN_NAME = 'ci-reader';
export const CREDENTIAL_SET_NAME = 'dockerhub';
export const CACHE_RULE_NAME = 'dockerhub-nginx';
const KEY_VAULT = 'https://kv-relocation-source.vault.azure.net';

registerScenario('small', async (ctx) => {
  const source = await ensureSource(ctx);
  writeItems(source.runtime.store, smallItems(ctx.seed));
  await addReplication(ctx, source);
  await addWebhook(ctx, source);
  await addScopedToken(ctx, source);
  await addCacheRule(ctx, source);
});

function child(source: SourceRegistry, segment: string, name: string): string {
  return `${source.id}/${segment}/${name}`;
}

async function addReplication(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  await ctx.arm.send('PUT', child(source, 'replications', REPLICA_LOCATION), REGISTRY_API, {
    location: REPLICA_LOCATION,
    tags: { purpose: 'geo-replica' },
    properties: { regionEndpointEnabled: true, zoneRedundancy: 'Enabled' },
  });
}

async function addWebhook(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  await ctx.arm.send('PUT', child(source, 'webhooks', WEBHOOK_NAME), REGISTRY_API, {
    location: SOURCE_LOCATION,
    tags: { owner: 'platform-team' },
    properties: {
      serviceUri: 'https://hooks.contoso.example/acr/events',
      customHeaders: { [WEBHOOK_HEADER]: deterministicSecret(ctx.seed, 'small-webhook-header') },
      status: 'enabled',
      scope: 'team/app/*:*',
      actions: ['push', 'delete'],
    },
  });
}

/** A repository-scoped token as `az acr token create` makes it: scope map, token, then password1. */
async function addScopedToken(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const scopeMapId = child(source, 'scopeMaps', SCOPE_MAP_NAME);
  await ctx.arm.send('PUT', scopeMapId, REGISTRY_API, {
    properties: {
      description: 'Read access to the team/app repositories',
      actions: [
        'repositories/team/app/api/content/read',
        'repositories/team/app/api/metadata/read',
        'repositories/team/app/worker/content/read',
        'repositories/team/app/worker/metadata/read',
      ],
    },
  });
  const tokenId = child(source, 'tokens', TOKEN_NAME);
  await ctx.arm.send('PUT', tokenId, REGISTRY_API, { properties: { scopeMapId, status: 'enabled' } });
  await ctx.arm.send('POST', `${source.id}/generateCredentials`, REGISTRY_API, { tokenId, name: 'password1' });
}

/** Artifact cache: docker.io/library/nginx under cache/nginx, logging in with Key Vault secrets. */
async function addCacheRule(ctx: ScenarioContext, source: SourceRegistry): Promise<void> {
  const credentialSetId = child(source, 'credentialSets', CREDENTIAL_SET_NAME);
  await ctx.arm.send('PUT', credentialSetId, REGISTRY_API, {
    identity: { type: 'SystemAssigned' },
    properties: {
      loginServer: 'docker.io',
      authCredentials: [
        {
          name: 'Credential1',
          usernameSecretIdentifier: `${KEY_VAULT}/secrets/dockerhub-username`,
          passwordSecretIdentifier: `${KEY_VAULT}/secrets/dockerhub-password`,
        },
      ],
    },
  });
  await ctx.arm.send('PUT', child(source, 'cacheRules', CACHE_RULE_NAME), REGISTRY_API, {
    properties: {
      sourceRepository: 'docker.io/library/nginx',
      targetRepository: 'cache/nginx',
      credentialSetResourceId: credentialSetId,
    },
  });
}
