/**
 * Deployment history as ARM keeps it: each deployment is a Microsoft.Resources/deployments resource
 * in the store (so it survives restarts and goes away with its resource group), its body the
 * DeploymentExtended ARM returns; the template it ran and its operations are kept beside it. Secure
 * parameter values are never stored.
 */
import { STATUS_CODES } from 'node:http';
import type { ArmErrorDetail } from '../../errors.js';
import type { ArmContext } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { randomId } from '../../../shared/ids.js';

export const DEPLOYMENT_TYPE = 'Microsoft.Resources/deployments';
export type DeploymentState = 'Accepted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export interface DeploymentInternal {
  template: Record<string, unknown>;
  /** Identifies the run a client polls (operationStatuses/{runId}). */
  runId: string;
  startedAt: number;
  operations: Record<string, unknown>[];
  cancelRequested?: boolean;
}

export function deploymentId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${DEPLOYMENT_TYPE}/${name}`;
}

export function internalOf(record: StoredResource): DeploymentInternal {
  return record.internal as unknown as DeploymentInternal;
}

/** The run data of a deployment that may have been deleted meanwhile (then empty). */
export function currentInternal(ctx: ArmContext, id: string): Partial<DeploymentInternal> {
  const record = ctx.store.get(id);
  return record ? internalOf(record) : {};
}

export function propertiesOf(record: StoredResource): Record<string, unknown> {
  return (record.body.properties ?? {}) as Record<string, unknown>;
}

export function stateOf(record: StoredResource): DeploymentState {
  return propertiesOf(record).provisioningState as DeploymentState;
}

export function isActive(record: StoredResource | undefined): boolean {
  return record !== undefined && ['Accepted', 'Running'].includes(stateOf(record));
}

/** ISO 8601 duration of the run so far, as ARM writes it (PT1.234S). */
export function duration(startedAt: number): string {
  return `PT${((Date.now() - startedAt) / 1000).toFixed(3)}S`;
}

/**
 * Stores of stopped emulators: a run still in flight when the emulator stops must not write (its state
 * directory may be gone). Runs end on their own once their calls fail against the closed listener.
 */
const stoppedStores = new WeakSet<object>();

export function markStopped(ctx: ArmContext): void {
  stoppedStores.add(ctx.store);
}

export function updateProperties(ctx: ArmContext, id: string, change: Record<string, unknown>): void {
  if (stoppedStores.has(ctx.store)) return;
  ctx.store.update(id, (record) => {
    const properties = { ...propertiesOf(record), ...change };
    for (const [key, value] of Object.entries(properties)) if (value === undefined) delete properties[key];
    record.body = { ...record.body, properties };
  });
}

/** What operationStatuses answers for the run: ARM's Running/Succeeded/Failed/Canceled with the error. */
export function runStatus(record: StoredResource): { status: string; error?: ArmErrorDetail } {
  const state = stateOf(record);
  const error = propertiesOf(record).error as ArmErrorDetail | undefined;
  if (state === 'Accepted' || state === 'Running') return { status: 'Running' };
  return { status: state, ...(error ? { error } : {}) };
}

/** ARM's statusCode text for an HTTP status: 200 OK, 201 Created, 403 Forbidden, 400 BadRequest… */
export function statusCodeName(status: number): string {
  return (STATUS_CODES[status] ?? String(status)).replace(/[^A-Za-z]/g, '');
}

export interface OperationInput {
  deploymentId: string;
  provisioningOperation: 'Create' | 'Delete';
  state: 'Succeeded' | 'Failed';
  startedAt: number;
  httpStatus: number;
  target: { id: string; resourceType: string; resourceName: string; apiVersion?: string };
  error?: ArmErrorDetail;
}

/** A DeploymentOperation as GET …/deployments/{name}/operations lists it. */
export function operationBody(input: OperationInput): Record<string, unknown> {
  const operationId = randomId().replace(/-/g, '').slice(0, 16).toUpperCase();
  return {
    id: `${input.deploymentId}/operations/${operationId}`,
    operationId,
    properties: {
      provisioningOperation: input.provisioningOperation,
      provisioningState: input.state,
      timestamp: new Date().toISOString(),
      duration: duration(input.startedAt),
      trackingId: randomId(),
      serviceRequestId: randomId(),
      statusCode: statusCodeName(input.httpStatus),
      ...(input.error ? { statusMessage: { status: 'Failed', error: input.error } } : {}),
      targetResource: input.target,
    },
  };
}

export function addOperation(ctx: ArmContext, id: string, operation: Record<string, unknown>): void {
  if (stoppedStores.has(ctx.store)) return;
  ctx.store.update(id, (record) => {
    const internal = internalOf(record);
    record.internal = { ...record.internal, operations: [...(internal.operations ?? []), operation] };
  });
}
