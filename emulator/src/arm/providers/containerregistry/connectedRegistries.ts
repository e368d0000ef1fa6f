/**
 * Microsoft.ContainerRegistry/registries/connectedRegistries: recorded configuration only (no
 * on-premises registry ever connects to the emulator), so a connected registry stays Offline and
 * Inactive. Create needs mode and parent.syncProperties (tokenId, messageTtl); update changes sync
 * settings, logging, client tokens, notifications and garbage collection; POST deactivate is
 * long-running with Location (final-state-via location).
 */
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import {
  NS,
  asObject,
  childRoutes,
  operationId,
  pick,
  propertiesOf,
  requireChild,
  requireString,
  type Body,
  type ChildKind,
} from './children.js';
import { childPatch, childPut, startPatch, startPut } from './childWrites.js';

export const CONNECTED_REGISTRIES: ChildKind = {
  segment: 'connectedRegistries',
  param: 'connectedRegistryName',
  namePattern: /^[a-zA-Z0-9]*$/,
};
const KIND = CONNECTED_REGISTRIES;
const MODES = ['ReadWrite', 'ReadOnly', 'Registry', 'Mirror'];
const DEFAULT_LOGGING = { logLevel: 'Information', auditLogStatus: 'Disabled' };
const UPDATABLE = ['clientTokenIds', 'notificationsList', 'garbageCollection'] as const;

export function connectedRegistryRoutes(): ArmRoute[] {
  return childRoutes(KIND, { create, update, actions: { deactivate } });
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, KIND);
  const { props } = put;
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
  return startPut(put, { properties });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, KIND);
  const { child, props } = patch;
  const properties = { ...propertiesOf(child), ...pick(props, UPDATABLE) };
  if (props.logging !== undefined) properties.logging = { ...asObject(properties.logging), ...asObject(props.logging) };
  if (props.syncProperties !== undefined) {
    const parent = asObject(properties.parent);
    properties.parent = {
      ...parent,
      syncProperties: { ...asObject(parent.syncProperties), ...asObject(props.syncProperties) },
    };
  }
  return startPatch(patch, { body: { ...child.body, properties } });
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
