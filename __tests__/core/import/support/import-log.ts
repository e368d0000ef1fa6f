/**
 * The importImage requests the emulator ACCEPTED (past throttling, faults and checks), with their
 * bodies: the request log has no bodies, so the route's handler is wrapped to record them (test-only
 * observation; the handler itself runs unchanged). Throttled POSTs never reach the handler.
 */
import type { Emulator } from '../../../../emulator/src/index.js';

export interface RecordedImport {
  at: number;
  sourceImage: string;
  targetTags: string[];
  untaggedTargetRepositories: string[];
  mode: string;
}

export function recordImports(emulator: Emulator): RecordedImport[] {
  const recorded: RecordedImport[] = [];
  const route = emulator.arm.router
    .allProviders()
    .flatMap((provider) => provider.routes)
    .find((r) => r.method === 'POST' && r.path.endsWith('/importImage'));
  if (!route) throw new Error('the emulator has no importImage route');
  const handle = route.handle;
  route.handle = (req, ctx) => {
    const body = (req.body ?? {}) as {
      source?: { sourceImage?: string };
      targetTags?: string[];
      untaggedTargetRepositories?: string[];
      mode?: string;
    };
    const answer = handle(req, ctx);
    recorded.push({
      at: Date.now(),
      sourceImage: body.source?.sourceImage ?? '',
      targetTags: body.targetTags ?? [],
      untaggedTargetRepositories: body.untaggedTargetRepositories ?? [],
      mode: body.mode ?? 'NoForce',
    });
    return answer;
  };
  return recorded;
}

/** repository@digest of a recorded import. */
export function importedKey(entry: RecordedImport): string {
  return entry.sourceImage;
}
