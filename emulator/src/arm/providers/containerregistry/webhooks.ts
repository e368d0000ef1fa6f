/**
 * Microsoft.ContainerRegistry/registries/webhooks. The service URI and custom headers are secrets:
 * GET and list never return them, POST getCallbackConfig does (WebhookGet.json vs
 * WebhookGetCallbackConfig.json). A webhook lives in its registry's home region or, on a
 * geo-replicated registry, in one of its replica regions ("With a geo-replicated registry, you
 * configure each webhook to respond to events in a specific regional replica", Microsoft Learn,
 * container-registry-webhook); any other location is answered 404 RegistryResourceNotFound, as ACR
 * does (Azure/azure-cli#26676). A webhook keeps the location it was created in.
 * POST ping records a ping event and delivers it to the service URI (webhookEvents.ts); POST
 * listEvents returns the recorded events, newest first.
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { requireRegistry } from './registries.js';
import {
  asObject,
  childBody,
  childId,
  childType,
  childName,
  itemPath,
  collectionPath,
  listChildren,
  propertiesOf,
  requireChild,
  resourceTypeOf,
  startChildDelete,
  startChildWrite,
  validateChildName,
  type Body,
  type ChildKind,
} from './children.js';
import { pingWebhook, recordedEvents, type WebhookSecrets } from './webhookEvents.js';
import { REPLICATIONS } from './replications.js';
import type { StoredResource } from '../../store.js';

export const WEBHOOKS: ChildKind = { segment: 'webhooks', param: 'webhookName', namePattern: /^[a-zA-Z0-9]*$/ };
const TYPE = resourceTypeOf(WEBHOOKS);
const ACTIONS = ['push', 'delete', 'quarantine', 'chart_push', 'chart_delete'];

export function webhookRoutes(): ArmRoute[] {
  const item = itemPath(WEBHOOKS);
  return [
    { method: 'PUT', path: item, resourceType: TYPE, handle: create },
    { method: 'PATCH', path: item, resourceType: TYPE, handle: update },
    {
      method: 'GET',
      path: item,
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: requireChild(req, ctx, WEBHOOKS).child.body }),
    },
    { method: 'DELETE', path: item, resourceType: TYPE, handle: (req, ctx) => startChildDelete(req, ctx, WEBHOOKS) },
    {
      method: 'GET',
      path: collectionPath(WEBHOOKS),
      resourceType: TYPE,
      handle: (req, ctx) => listChildren(req, ctx, WEBHOOKS),
    },
    {
      method: 'POST',
      path: `${item}/getCallbackConfig`,
      resourceType: TYPE,
      handle: (req, ctx) => {
        const secrets = requireChild(req, ctx, WEBHOOKS).child.internal as unknown as WebhookSecrets;
        return { status: 200, body: { serviceUri: secrets.serviceUri, customHeaders: secrets.customHeaders ?? {} } };
      },
    },
    {
      method: 'POST',
      path: `${item}/ping`,
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: { id: pingWebhook(ctx, requireChild(req, ctx, WEBHOOKS).child) } }),
    },
    // Not paged: the SDK would fetch a nextLink of this POST operation with GET.
    {
      method: 'POST',
      path: `${item}/listEvents`,
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: { value: recordedEvents(requireChild(req, ctx, WEBHOOKS).child) } }),
    },
  ];
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, WEBHOOKS);
  validateChildName(WEBHOOKS, name);
  const input = asObject(req.body);
  const props = asObject(input.properties);
  const location = webhookLocation(ctx, registry, input.location);
  const serviceUri = requireServiceUri(props.serviceUri);
  const id = childId(registry, WEBHOOKS, name);
  const existing = ctx.store.get(id);
  if (existing && existing.body.location !== location) {
    throw new ArmError(
      400,
      'InvalidResourceLocation',
      `The resource '${name}' already exists in location '${String(existing.body.location)}' in resource group '${req.params.resourceGroupName ?? ''}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
    );
  }
  const properties: Body = {
    status: props.status === 'disabled' ? 'disabled' : 'enabled',
    scope: typeof props.scope === 'string' ? props.scope : '',
    actions: requireActions(props.actions),
  };
  const secrets: WebhookSecrets = {
    serviceUri,
    customHeaders: headersOf(props.customHeaders),
    events: (existing?.internal.events as WebhookSecrets['events']) ?? [],
  };
  const extra: Body = { location, ...(input.tags !== undefined ? { tags: input.tags } : {}) };
  return startChildWrite({
    req,
    ctx,
    kind: WEBHOOKS,
    registry,
    id,
    body: childBody(registry, WEBHOOKS, name, properties, extra),
    internal: { ...secrets },
    status: existing ? 200 : 201,
    transitional: existing ? 'Updating' : 'Creating',
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { registry, child } = requireChild(req, ctx, WEBHOOKS);
  const input = asObject(req.body);
  const props = asObject(input.properties);
  const body: Body = structuredClone(child.body);
  if (input.tags !== undefined) body.tags = input.tags;
  const properties = propertiesOf(child);
  if (props.status === 'enabled' || props.status === 'disabled') properties.status = props.status;
  if (typeof props.scope === 'string') properties.scope = props.scope;
  if (props.actions !== undefined) properties.actions = requireActions(props.actions);
  body.properties = properties;
  const secrets = { ...(child.internal as unknown as WebhookSecrets) };
  if (props.serviceUri !== undefined) secrets.serviceUri = requireServiceUri(props.serviceUri);
  if (props.customHeaders !== undefined) secrets.customHeaders = headersOf(props.customHeaders);
  return startChildWrite({
    req,
    ctx,
    kind: WEBHOOKS,
    registry,
    id: child.id,
    body,
    internal: { ...secrets },
    status: 201,
    transitional: 'Updating',
  });
}

/** The webhook's region: the registry's home region or one of its replica regions. */
function webhookLocation(ctx: ArmContext, registry: StoredResource, value: unknown): string {
  if (typeof value !== 'string')
    throw new ArmError(400, 'LocationRequired', 'The location property is required for this definition.');
  const location = value.replace(/\s+/g, '').toLowerCase();
  const replicas = ctx.store
    .list({ type: childType(REPLICATIONS), under: registry.id })
    .map((replica) => String(replica.body.location).toLowerCase());
  if (![String(registry.body.location).toLowerCase(), ...replicas].includes(location)) {
    throw new ArmError(
      404,
      'RegistryResourceNotFound',
      `The registry resource ${String(registry.body.name)} could not be found.`,
    );
  }
  return location;
}

function requireServiceUri(value: unknown): string {
  if (typeof value !== 'string' || !URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol)) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The service URI '${String(value ?? '')}' is not a valid absolute http or https URI.`,
    );
  }
  return value;
}

function requireActions(value: unknown): string[] {
  const actions = Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [];
  const invalid = actions.find((a) => !ACTIONS.includes(a));
  if (actions.length === 0 || invalid !== undefined) {
    throw new ArmError(
      400,
      'InvalidParameter',
      `The webhook actions must be a non-empty list of ${ACTIONS.join(', ')}${invalid ? `; '${invalid}' is not valid` : ''}.`,
    );
  }
  return actions;
}

function headersOf(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, text] of Object.entries(asObject(value))) if (typeof text === 'string') out[key] = text;
  return out;
}
