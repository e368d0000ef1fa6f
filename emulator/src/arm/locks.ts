/**
 * Management locks: CanNotDelete blocks deleting the locked scope, anything below it, and any parent
 * whose deletion would remove it; ReadOnly also blocks writes and POST actions at and below its scope.
 */
import type { ResourceStore } from './store.js';
import { isAtOrAbove } from './resourceId.js';
import { ArmError } from './errors.js';

export const LOCK_TYPE = 'Microsoft.Authorization/locks';

export type LockLevel = 'CanNotDelete' | 'ReadOnly';

export function enforceLocks(store: ResourceStore, scope: string, operation: 'delete' | 'write'): void {
  const blocking = store
    .list({ type: LOCK_TYPE })
    .map((lock) => ({ lockScope: lockScopeOf(lock.id), level: (lock.body.properties as { level?: LockLevel })?.level }))
    .filter(({ lockScope, level }) => {
      if (operation === 'write') return level === 'ReadOnly' && isAtOrAbove(lockScope, scope);
      // Deleting removes everything below too, so a lock at or below the target blocks it as well.
      return isAtOrAbove(lockScope, scope) || isAtOrAbove(scope, lockScope);
    })
    .map(({ lockScope }) => lockScope);
  if (blocking.length === 0) return;
  const scopes = [...new Set(blocking)].join(',');
  throw new ArmError(
    409,
    'ScopeLocked',
    `The scope '${scope}' cannot perform ${operation} operation because following scope(s) are locked: '${scopes}'. Please remove the lock and try again.`,
  );
}

/** The scope a lock applies to: its id without /providers/Microsoft.Authorization/locks/{name}. */
export function lockScopeOf(lockId: string): string {
  const index = lockId.toLowerCase().lastIndexOf('/providers/microsoft.authorization/locks/');
  return index <= 0 ? '/' : lockId.slice(0, index);
}
