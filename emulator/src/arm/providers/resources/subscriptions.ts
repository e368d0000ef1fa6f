/** Microsoft.Resources: subscriptions, their locations, and the resource-provider catalog. */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmProvider, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { locationResource, REGIONS, regionDisplayNames } from '../../catalog/locations.js';

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  tenantId: string;
}

export interface SubscriptionRoutesDeps {
  subscriptions: () => readonly SubscriptionInfo[];
  /** Every registered provider (for GET …/providers). */
  providers: () => readonly ArmProvider[];
}

export function subscriptionRoutes(deps: SubscriptionRoutesDeps): ArmRoute[] {
  const subscriptionOf = (req: ArmRequest, ctx: ArmContext): SubscriptionInfo => {
    const id = req.params.subscriptionId ?? '';
    ctx.requireSubscription(id);
    return deps.subscriptions().find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase()) as SubscriptionInfo;
  };
  const providerOf = (req: ArmRequest): ArmProvider => namedProvider(deps, req.params.resourceProviderNamespace ?? '');
  // The subscription is checked before the namespace: an unknown subscription is 404 SubscriptionNotFound.
  const subscriptionProvider = (req: ArmRequest, ctx: ArmContext): ArmResponse => {
    const { subscriptionId } = subscriptionOf(req, ctx);
    return { status: 200, body: providerBody(providerOf(req), subscriptionId) };
  };
  const readProviders = 'Microsoft.Resources/subscriptions/providers/read';
  return [
    {
      method: 'GET',
      path: '/subscriptions',
      resourceType: 'subscriptions',
      // Every principal may list subscriptions; ARM filters the list by access instead of refusing.
      rbacExempt: true,
      handle: (req, ctx) => {
        const value = deps.subscriptions().map(subscriptionBody);
        return { status: 200, body: { ...ctx.page(value, req), count: { type: 'Total', value: value.length } } };
      },
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}',
      resourceType: 'subscriptions',
      action: 'Microsoft.Resources/subscriptions/read',
      handle: (req, ctx) => ({ status: 200, body: subscriptionBody(subscriptionOf(req, ctx)) }),
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/locations',
      resourceType: 'subscriptions/locations',
      action: 'Microsoft.Resources/subscriptions/locations/read',
      handle: (req, ctx) => {
        const { subscriptionId } = subscriptionOf(req, ctx);
        return { status: 200, body: { value: REGIONS.map((r) => locationResource(subscriptionId, r)) } };
      },
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers',
      resourceType: 'providers',
      action: readProviders,
      handle: (req, ctx) => {
        const { subscriptionId } = subscriptionOf(req, ctx);
        return {
          status: 200,
          body: ctx.page(
            deps.providers().map((p) => providerBody(p, subscriptionId)),
            req,
          ),
        };
      },
    },
    {
      method: 'GET',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}',
      resourceType: 'providers',
      action: readProviders,
      handle: subscriptionProvider,
    },
    {
      // Every provider is registered already: registering answers what GET does.
      method: 'POST',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/register',
      resourceType: 'providers',
      action: 'Microsoft.Resources/subscriptions/providers/register/action',
      handle: subscriptionProvider,
    },
    {
      method: 'GET',
      path: '/providers',
      resourceType: 'providers',
      rbacExempt: true,
      handle: (req, ctx) => ({
        status: 200,
        body: ctx.page(
          deps.providers().map((p) => providerBody(p)),
          req,
        ),
      }),
    },
    {
      method: 'GET',
      path: '/providers/{resourceProviderNamespace}',
      resourceType: 'providers',
      rbacExempt: true,
      handle: (req) => ({ status: 200, body: providerBody(providerOf(req)) }),
    },
  ];
}

function namedProvider(deps: SubscriptionRoutesDeps, namespace: string): ArmProvider {
  const provider = deps.providers().find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
  if (!provider)
    throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  return provider;
}

export function subscriptionBody(sub: SubscriptionInfo): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: 'RoleBased',
    managedByTenants: [],
    subscriptionId: sub.subscriptionId,
    tenantId: sub.tenantId,
    displayName: sub.displayName,
    state: 'Enabled',
    subscriptionPolicies: {
      locationPlacementId: 'Public_2014-09-01',
      quotaId: 'PayAsYouGo_2014-09-01',
      spendingLimit: 'Off',
    },
  };
}

function providerBody(provider: ArmProvider, subscriptionId?: string): Record<string, unknown> {
  return {
    ...(subscriptionId ? { id: `/subscriptions/${subscriptionId}/providers/${provider.namespace}` } : {}),
    namespace: provider.namespace,
    ...(subscriptionId
      ? {
          registrationState: 'Registered',
          registrationPolicy: provider.builtIn ? 'RegistrationFree' : 'RegistrationRequired',
        }
      : {}),
    resourceTypes: provider.resourceTypes.map((t) => ({
      resourceType: t.resourceType,
      locations: [...(t.locations ?? regionDisplayNames())],
      apiVersions: [...t.apiVersions].sort().reverse(),
      capabilities: t.capabilities ?? 'None',
    })),
  };
}
