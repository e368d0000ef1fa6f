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
import { asObject, childRoutes, childType, propertiesOf, requireChild, type Body, type ChildKind } from './children.js';
import { childPatch, childPut, keepLocation, startPatch, startPut } from './childWrites.js';
import { pingWebhook, recordedEvents, type WebhookSecrets } from './webhookEvents.js';
import { REPLICATIONS } from './replications.js';
import type { StoredResource } from '../../store.js';

export const WEBHOOKS: ChildKind = { segment: 'webhooks', param: 'webhookName', namePattern: /^[a-zA-Z0-9]*$/ };
const ACTIONS = ['push', 'delete', 'quarantine', 'chart_push', 'chart_delete'];

export function webhookRoutes(): ArmRoute[] {
  return childRoutes(WEBHOOKS, {
    create,
    update,
    actions: {
      getCallbackConfig: (req, ctx) => {
        const secrets = requireChild(req, ctx, WEBHOOKS).child.internal as unknown as WebhookSecrets;
        return { status: 200, body: { serviceUri: secrets.serviceUri, customHeaders: secrets.customHeaders ?? {} } };
      },
      ping: (req, ctx) => ({ status: 200, body: { id: pingWebhook(ctx, requireChild(req, ctx, WEBHOOKS).child) } }),
      // Not paged: the SDK would fetch a nextLink of this POST operation with GET.
      listEvents: (req, ctx) => ({
        status: 200,
        body: { value: recordedEvents(requireChild(req, ctx, WEBHOOKS).child) },
      }),
    },
  });
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, WEBHOOKS);
  const { registry, existing, input, props } = put;
  const location = webhookLocation(ctx, registry, input.location);
  const serviceUri = requireServiceUri(props.serviceUri);
  keepLocation(put, location);
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
  return startPut(put, {
    properties,
    extra: { location, ...(input.tags !== undefined ? { tags: input.tags } : {}) },
    internal: { ...secrets },
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, WEBHOOKS);
  const { child, input, props } = patch;
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
  return startPatch(patch, { body, internal: { ...secrets } });
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
