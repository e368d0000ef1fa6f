/**
 * Complete-mode deployments: after every template resource succeeded, the group's other top-level
 * resources are deleted (through ARM, recorded as Delete operations). Extension resources (locks,
 * role assignments) and ARM's own types are left alone, as ARM leaves them.
 */
import type { ArmErrorDetail } from '../../errors.js';
import type { ArmContext, ArmProvider } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import type { ArmCaller } from './dispatch.js';
import { DispatchError } from './dispatch.js';
import type { Prepared } from './prepare.js';
import { addOperation, operationBody } from './records.js';
import { latestApiVersion } from './apiVersionOf.js';

/** Top-level resources of a group: {group}/providers/{namespace}/{type}/{name}, not ARM's own types. */
export function topLevelResources(ctx: ArmContext, groupId: string): StoredResource[] {
  const depth = groupId.split('/').length + 4;
  return ctx.store
    .list({ under: groupId })
    .filter(
      (r) =>
        r.id.split('/').length === depth &&
        /^Microsoft\.[^/]+\/[^/]+$/i.test(r.type) &&
        !/^Microsoft\.(Resources|Authorization)\//i.test(r.type),
    );
}

export async function completeModeDeletions(
  ctx: ArmContext,
  caller: ArmCaller,
  prepared: Prepared,
  recordId: string,
  providers: readonly ArmProvider[],
): Promise<ArmErrorDetail[]> {
  const keep = new Set(prepared.planned.map((p) => p.id.toLowerCase()));
  const errors: ArmErrorDetail[] = [];
  for (const resource of topLevelResources(ctx, prepared.request.group.id).filter(
    (r) => !keep.has(r.id.toLowerCase()),
  )) {
    const startedAt = Date.now();
    const apiVersion = latestApiVersion(providers, resource.type) ?? '';
    const target = {
      id: resource.id,
      resourceType: resource.type,
      resourceName: String(resource.body.name),
      apiVersion,
    };
    try {
      const result = await caller.execute('DELETE', resource.id, apiVersion);
      addOperation(
        ctx,
        recordId,
        operationBody({
          deploymentId: recordId,
          provisioningOperation: 'Delete',
          state: 'Succeeded',
          startedAt,
          httpStatus: result.status,
          target,
        }),
      );
    } catch (err) {
      const error = err instanceof DispatchError ? err.error : { code: 'InternalServerError', message: String(err) };
      errors.push(error);
      addOperation(
        ctx,
        recordId,
        operationBody({
          deploymentId: recordId,
          provisioningOperation: 'Delete',
          state: 'Failed',
          startedAt,
          httpStatus: err instanceof DispatchError ? err.status : 500,
          target,
          error,
        }),
      );
    }
  }
  return errors;
}
