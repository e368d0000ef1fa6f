/**
 * Microsoft.ContainerRegistry/registries/connectedRegistries: recorded configuration only (no
 * on-premises registry ever connects to the emulator), so a connected registry stays Offline and
 * Inactive. Create needs mode and parent.syncProperties (tokenId, messageTtl); update changes sync
 * settings, logging, client tokens, notifications and garbage collection; POST deactivate is
 * long-running with Location (final-state-via location).
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import { requireRegistry } from './registries.js';
import {
  NS,
  asObject,
  childBody,
  childId,
  childName,
  collectionPath,
  itemPath,
  listChildren,
  operationId,
  pick,
  propertiesOf,
  requireChild,
  requireString,
  resourceTypeOf,
  startChildDelete,
  startChildWrite,
  validateChildName,
  type Body,
  type ChildKind,
} from './children.js';

export const CONNECTED_REGISTRIES: ChildKind = {
  segment: 'connectedRegistries',
  param: 'connectedRegistryName',
  namePattern: /^[a-zA-Z0-9]*$/,
};
const KIND = CONNECTED_REGISTRIES;
const TYPE = resourceTypeOf(KIND);
const MODES = ['ReadWrite', 'ReadOnly', 'Registry', 'Mirror'];
const DEFAULT_LOGGING = { logLevel: 'Information', auditLogStatus: 'Disabled' };
const UPDATABLE = ['clientTokenIds', 'notificationsList', 'garbageCollection'] as const;

export function connectedRegistryRoutes(): ArmRoute[] {
  return [
    { method: 'PUT', path: itemPath(KIND), resourceType: TYPE, handle: create },
    { method: 'PATCH', path: itemPath(KIND), resourceType: TYPE, handle: update },
    {
      method: 'GET',
      path: itemPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => ({ status: 200, body: requireChild(req, ctx, KIND).child.body }),
    },
    {
      method: 'DELETE',
      path: itemPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => startChildDelete(req, ctx, KIND),
    },
    {
      method: 'GET',
      path: collectionPath(KIND),
      resourceType: TYPE,
      handle: (req, ctx) => listChildren(req, ctx, KIND),
    },
    { method: 'POST', path: `${itemPath(KIND)}/deactivate`, resourceType: TYPE, handle: deactivate },
  ];
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const registry = requireRegistry(req, ctx);
  const name = childName(req, KIND);
  validateChildName(KIND, name);
  const id = childId(registry, KIND, name);
  const existing = ctx.store.get(id);
  const props = asObject(asObject(req.body).properties);
  const mode = requireString(props.mode, 'mode');
  if (!MODES.includes(mode))
    throw new ArmError(
      400,
      'InvalidParameter',
      `The connected registry mode '${mode}' is invalid. Valid values are ${MODES.join(', ')}.`,
    );
  const parent = asObject(props.parent);
  const sync = asObject(parent.syncProperties);
  requireString(sync.tokenId, 'tokenId');
  requireString(sync.messageTtl, 'messageTtl');
  const properties: Body = {
    mode,
    connectionState: 'Offline',
    activation: { status: 'Inactive' },
    parent: { ...parent, syncProperties: sync },
    clientTokenIds: [],
    logging: { ...DEFAULT_LOGGING, ...asObject(props.logging) },
    ...pick(props, UPDATABLE),
  };
  return startChildWrite({
    req,
    ctx,
    kind: KIND,
    registry,
    id,
    body: childBody(registry, KIND, name, properties),
    status: existing ? 200 : 201,
    transitional: existing ? 'Updating' : 'Creating',
  });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { registry, child } = requireChild(req, ctx, KIND);
  const props = asObject(asObject(req.body).properties);
  const properties = { ...propertiesOf(child), ...pick(props, UPDATABLE) };
  if (props.logging !== undefined) properties.logging = { ...asObject(properties.logging), ...asObject(props.logging) };
  if (props.syncProperties !== undefined) {
    const parent = asObject(properties.parent);
    properties.parent = {
      ...parent,
      syncProperties: { ...asObject(parent.syncProperties), ...asObject(props.syncProperties) },
    };
  }
  return startChildWrite({
    req,
    ctx,
    kind: KIND,
    registry,
    id: child.id,
    body: { ...child.body, properties },
    status: 201,
    transitional: 'Updating',
  });
}

function deactivate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { registry, child } = requireChild(req, ctx, KIND);
  return ctx.lro.start({
    req,
    namespace: NS,
    location: String(registry.body.location),
    initialStatus: 202,
    headers: 'location',
    operationId: operationId(KIND),
    complete: () => {
      ctx.store.update(child.id, (r) => {
        r.body = {
          ...r.body,
          properties: { ...propertiesOf(r), activation: { status: 'Inactive' }, connectionState: 'Offline' },
        };
      });
      return { status: 200 };
    },
  });
}
