/**
 * Microsoft.ContainerRegistry/registries CRUD (api-version 2025-11-01 semantics):
 * - PUT creates (201, provisioningState Creating) or replaces (200, Updating), both long-running with
 *   Azure-AsyncOperation; the data-plane listener starts at once so loginServer is known.
 * - PATCH updates (201 + Azure-AsyncOperation, as RegistryUpdate.json shows).
 * - DELETE answers 202 + Location (final-state-via location), 204 when there is nothing to delete.
 * - GET, list by resource group, list by subscription.
 */
import { randomBytes } from 'node:crypto';
import { ArmError, resourceNotFound } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import {
  newRegistryBody,
  patchRegistryBody,
  REGISTRY_TYPE,
  replaceRegistryBody,
  validateRegistryName,
  type RegistryBody,
} from './registryModel.js';
import type { DataPlaneHost } from './dataPlaneHost.js';

const NS = 'Microsoft.ContainerRegistry';
export const REGISTRY_PATH = `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${NS}/registries/{registryName}`;

export function registryId(req: ArmRequest): string {
  const { subscriptionId = '', resourceGroupName = '', registryName = '' } = req.params;
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/${NS}/registries/${registryName}`;
}

/** The stored registry of the request, or 404 (ResourceGroupNotFound / ResourceNotFound). */
export function requireRegistry(req: ArmRequest, ctx: ArmContext): StoredResource {
  ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const registry = ctx.store.get(registryId(req));
  if (!registry)
    throw resourceNotFound(REGISTRY_TYPE, req.params.registryName ?? '', req.params.resourceGroupName ?? '');
  return registry;
}

export function registryRoutes(host: DataPlaneHost): ArmRoute[] {
  const list = (req: ArmRequest, ctx: ArmContext, under: string): ArmResponse => ({
    status: 200,
    body: ctx.page(
      ctx.store.list({ type: REGISTRY_TYPE, under }).map((r) => r.body),
      req,
    ),
  });
  return [
    {
      method: 'PUT',
      path: REGISTRY_PATH,
      resourceType: 'registries',
      handle: (req, ctx) => createOrReplace(req, ctx, host),
    },
    { method: 'PATCH', path: REGISTRY_PATH, resourceType: 'registries', handle: update },
    {
      method: 'GET',
      path: REGISTRY_PATH,
      resourceType: 'registries',
      handle: (req, ctx) => ({ status: 200, body: requireRegistry(req, ctx).body }),
    },
    { method: 'DELETE', path: REGISTRY_PATH, resourceType: 'registries', handle: remove },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/${NS}/registries`,
      resourceType: 'registries',
      handle: (req, ctx) =>
        list(
          req,
          ctx,
          ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '').id,
        ),
    },
    {
      method: 'GET',
      path: `/subscriptions/{subscriptionId}/providers/${NS}/registries`,
      resourceType: 'registries',
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        return list(req, ctx, `/subscriptions/${req.params.subscriptionId ?? ''}`);
      },
    },
  ];
}

async function createOrReplace(req: ArmRequest, ctx: ArmContext, host: DataPlaneHost): Promise<ArmResponse> {
  const name = req.params.registryName ?? '';
  validateRegistryName(name);
  ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const id = registryId(req);
  const existing = ctx.store.get(id);
  const now = new Date();
  if (existing) {
    const body = replaceRegistryBody(existing.body as RegistryBody, req.body, now);
    return startProvisioning(req, ctx, existing.id, body, 'Updating', 200);
  }
  const taken = ctx.store
    .list({ type: REGISTRY_TYPE })
    .find((r) => String(r.body.name).toLowerCase() === name.toLowerCase());
  if (taken) {
    throw new ArmError(
      409,
      'AlreadyInUse',
      `The registry DNS name ${name.toLowerCase()}.azurecr.io is already in use. You can check if the name is already claimed using following API: https://docs.microsoft.com/en-us/rest/api/containerregistry/registries/checknameavailability`,
    );
  }
  const body = newRegistryBody(id, name, req.body, '', now);
  ctx.store.put(id, REGISTRY_TYPE, body, { adminPasswords: [newPassword(), newPassword()] });
  const runtime = await host.open(id, name);
  body.properties.loginServer = runtime.loginServer;
  return startProvisioning(req, ctx, id, body, 'Creating', 201);
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const existing = requireRegistry(req, ctx);
  const body = patchRegistryBody(existing.body as RegistryBody, req.body, new Date());
  return startProvisioning(req, ctx, existing.id, body, 'Updating', 201);
}

/** Stores `body` in a transitional state and finishes it as a long-running operation. */
function startProvisioning(
  req: ArmRequest,
  ctx: ArmContext,
  id: string,
  body: RegistryBody,
  state: string,
  status: 200 | 201,
): ArmResponse {
  const settle = (provisioningState: string) =>
    ctx.store.update(id, (r) => {
      r.body = { ...r.body, properties: { ...(r.body.properties as object), provisioningState } };
    });
  body.properties.provisioningState = state;
  ctx.store.update(id, (r) => {
    r.body = body;
  });
  return ctx.lro.start({
    req,
    namespace: NS,
    location: body.location,
    initialStatus: status,
    initialBody: body,
    headers: 'azure-async-operation',
    complete: () => {
      settle('Succeeded');
    },
    onFailure: (_error, status) => settle(status === 'Canceled' ? 'Canceled' : 'Failed'),
  });
}

function remove(req: ArmRequest, ctx: ArmContext): ArmResponse {
  ctx.requireResourceGroup(req.params.subscriptionId ?? '', req.params.resourceGroupName ?? '');
  const existing = ctx.store.get(registryId(req));
  if (!existing) return { status: 204 };
  ctx.store.update(existing.id, (r) => {
    r.body = { ...r.body, properties: { ...(r.body.properties as object), provisioningState: 'Deleting' } };
  });
  return ctx.lro.start({
    req,
    namespace: NS,
    location: String(existing.body.location),
    initialStatus: 202,
    headers: 'location',
    // Deleting the tree also stops the registry's listener (the provider watches store deletions).
    complete: () => {
      ctx.store.deleteTree(existing.id);
    },
    onFailure: () =>
      ctx.store.update(existing.id, (r) => {
        r.body = { ...r.body, properties: { ...(r.body.properties as object), provisioningState: 'Failed' } };
      }),
  });
}

/** An admin password shaped like ACR's (base64 text, 52 characters). */
export function newPassword(): string {
  return randomBytes(39).toString('base64');
}
