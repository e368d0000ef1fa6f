/**
 * Registry actions: checkNameAvailability, listCredentials, regenerateCredential, listUsages.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { REGISTRY_TYPE } from './registryModel.js';
import { newPassword, REGISTRY_PATH, requireRegistry } from './registries.js';
import type { DataPlaneHost } from './dataPlaneHost.js';

const NS = 'Microsoft.ContainerRegistry';
const PASSWORD_NAMES = ['password', 'password2'] as const;

/** Storage and webhook limits per SKU (ACR service tiers). */
const SKU_LIMITS: Record<string, { size: number; webhooks: number }> = {
  Basic: { size: 10 * 1024 ** 3, webhooks: 2 },
  Standard: { size: 100 * 1024 ** 3, webhooks: 10 },
  Premium: { size: 500 * 1024 ** 3, webhooks: 500 },
};

export function registryActionRoutes(host: DataPlaneHost): ArmRoute[] {
  return [
    {
      method: 'POST',
      path: `/subscriptions/{subscriptionId}/providers/${NS}/checkNameAvailability`,
      resourceType: 'checkNameAvailability',
      action: `${NS}/checkNameAvailability/read`,
      handle: (req, ctx) => {
        ctx.requireSubscription(req.params.subscriptionId ?? '');
        return { status: 200, body: checkName(req, ctx) };
      },
    },
    {
      method: 'POST',
      path: `${REGISTRY_PATH}/listCredentials`,
      resourceType: 'registries',
      handle: (req, ctx) => ({ status: 200, body: credentials(requireAdminUser(req, ctx)) }),
    },
    {
      method: 'POST',
      path: `${REGISTRY_PATH}/regenerateCredential`,
      resourceType: 'registries',
      handle: (req, ctx) => {
        const registry = requireAdminUser(req, ctx);
        const name = String((req.body as { name?: unknown } | undefined)?.name ?? '');
        const index = PASSWORD_NAMES.indexOf(name as (typeof PASSWORD_NAMES)[number]);
        if (index < 0)
          throw new ArmError(
            400,
            'InvalidPasswordName',
            `The password name '${name}' is invalid. Valid names are 'password' and 'password2'.`,
          );
        const updated = ctx.store.update(registry.id, (r) => {
          const passwords = [...((r.internal.adminPasswords as string[] | undefined) ?? [])];
          passwords[index] = newPassword();
          r.internal = { ...r.internal, adminPasswords: passwords };
        });
        return { status: 200, body: credentials(updated as StoredResource) };
      },
    },
    {
      method: 'GET',
      path: `${REGISTRY_PATH}/listUsages`,
      resourceType: 'registries',
      action: `${NS}/registries/listUsages/read`,
      handle: (req, ctx) => {
        const registry = requireRegistry(req, ctx);
        const limits =
          SKU_LIMITS[(registry.body.sku as { name?: string }).name ?? 'Basic'] ??
          (SKU_LIMITS.Basic as { size: number; webhooks: number });
        const webhooks = ctx.store.list({ type: `${REGISTRY_TYPE}/webhooks`, under: registry.id }).length;
        return {
          status: 200,
          body: {
            value: [
              {
                name: 'Size',
                limit: limits.size,
                currentValue: host.sizeOf(String(registry.body.name)),
                unit: 'Bytes',
              },
              { name: 'Webhooks', limit: limits.webhooks, currentValue: webhooks, unit: 'Count' },
            ],
          },
        };
      },
    },
  ];
}

function checkName(req: ArmRequest, ctx: ArmContext): Record<string, unknown> {
  const body = (req.body ?? {}) as { name?: unknown; type?: unknown };
  const name = typeof body.name === 'string' ? body.name : '';
  if (body.type !== REGISTRY_TYPE) {
    throw new ArmError(
      400,
      'InvalidResourceType',
      `The resource type '${String(body.type ?? '')}' is not valid. It must be '${REGISTRY_TYPE}'.`,
    );
  }
  if (!/^[a-zA-Z0-9]{5,50}$/.test(name)) {
    return { nameAvailable: false, reason: 'Invalid', message: 'The specified resource name is disallowed' };
  }
  const taken = ctx.store
    .list({ type: REGISTRY_TYPE })
    .some((r) => String(r.body.name).toLowerCase() === name.toLowerCase());
  return taken
    ? { nameAvailable: false, reason: 'AlreadyExists', message: `The registry ${name} is already in use.` }
    : { nameAvailable: true };
}

function requireAdminUser(req: ArmRequest, ctx: ArmContext): StoredResource {
  const registry = requireRegistry(req, ctx);
  if ((registry.body.properties as { adminUserEnabled?: boolean }).adminUserEnabled !== true) {
    throw new ArmError(
      400,
      'AdminUserDisabled',
      `The admin user is disabled for registry '${String(registry.body.name)}'. Enable the admin user to list or regenerate its credentials.`,
    );
  }
  return registry;
}

function credentials(registry: StoredResource): Record<string, unknown> {
  const passwords = (registry.internal.adminPasswords as string[] | undefined) ?? [];
  return {
    username: String(registry.body.name),
    passwords: PASSWORD_NAMES.map((name, i) => ({ name, value: passwords[i] ?? '' })),
  };
}
