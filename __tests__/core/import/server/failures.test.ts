import { classifyArmFailure } from '../../../../src/core/import/server/failures.js';
import { importParameters } from '../../../../src/core/import/server/importer.js';

function restError(
  statusCode: number | undefined,
  code: string | undefined,
  message: string,
  headers: Record<string, string> = {},
) {
  return Object.assign(new Error(message), {
    statusCode,
    code,
    response: { headers: { get: (name: string) => headers[name.toLowerCase()] } },
  });
}

const NOW = Date.parse('2026-11-26T10:00:00Z');

describe('classifyArmFailure', () => {
  it('429 is throttling, with the wait in any Retry-After form', () => {
    expect(
      classifyArmFailure(
        restError(429, 'SubscriptionRequestsThrottled', 'slow down', { 'retry-after': '4' }),
        'importImage',
        NOW,
      ),
    ).toMatchObject({ kind: 'throttled', retryAfterMs: 4_000 });
    expect(
      classifyArmFailure(restError(429, undefined, 'x', { 'retry-after': 'Thu, 26 Nov 2026 10:00:02 GMT' }), 'i', NOW)
        .retryAfterMs,
    ).toBe(2_000);
    expect(
      classifyArmFailure(restError(429, undefined, 'x', { 'x-ms-retry-after-ms': '350' }), 'i', NOW).retryAfterMs,
    ).toBe(350);
    expect(classifyArmFailure(restError(429, undefined, 'x'), 'i', NOW).retryAfterMs).toBeUndefined();
  });

  it('5xx, network errors and cancelled operations are transient', () => {
    for (const error of [
      restError(500, 'InternalServerError', 'The operation failed because of an internal error.'),
      restError(503, 'ServiceUnavailable', 'busy'),
      restError(undefined, 'REQUEST_SEND_ERROR', 'connect ECONNREFUSED'),
      new Error('Operation was canceled'),
    ]) {
      expect(classifyArmFailure(error, 'importImage', NOW).kind).toBe('transient');
    }
  });

  it("409 'tag already exists' is a conflict to check; a lock's 409 is permanent", () => {
    expect(
      classifyArmFailure(restError(409, 'Conflict', 'Tag app:v1 already exists in target registry.'), 'i', NOW).kind,
    ).toBe('conflict');
    expect(classifyArmFailure(restError(409, 'ScopeLocked', 'The scope is locked.'), 'i', NOW).kind).toBe('permanent');
  });

  it('403 names the missing action and scope, for the target and for the linked source', () => {
    const onTarget = classifyArmFailure(
      restError(
        403,
        'AuthorizationFailed',
        "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/importImage/action' over scope '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/target' or the scope is invalid.",
      ),
      'importImage',
      NOW,
    );
    expect(onTarget).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('registries/importImage/action'),
      hint: expect.stringContaining('registries/target'),
      stopsRun: true,
    });
    const linked = restError(
      403,
      'LinkedAuthorizationFailed',
      "The client 'x' with object id 'y' has permission to perform action 'Microsoft.ContainerRegistry/registries/importImage/action' on scope 't'; however, it does not have permission to perform action(s) 'Microsoft.ContainerRegistry/registries/pull/read' on the linked scope(s) '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/source' (respectively) or the linked scope(s) are invalid.",
    );
    const onSource = classifyArmFailure(linked, 'importImage', NOW);
    expect(onSource).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('registries/pull/read'),
      hint: expect.stringContaining('registries/source'),
      stopsRun: true,
    });
    // A source granting pull per repository (ABAC) may refuse this image's repository only.
    expect(classifyArmFailure(linked, 'importImage', NOW, { sourceRepositoryScoped: true }).stopsRun).toBe(false);
  });

  it('a 403 that names no permission stays with its item', () => {
    const failure = classifyArmFailure(restError(403, 'Forbidden', 'The repository is quarantined.'), 'i', NOW);
    expect(failure.kind).toBe('permanent');
    expect(failure.stopsRun).toBeUndefined();
  });

  it('400 and 404 are permanent and keep Azure’s words', () => {
    expect(
      classifyArmFailure(restError(400, 'InvalidParameters', 'Source image x not found.'), 'importImage', NOW),
    ).toMatchObject({ kind: 'permanent', message: expect.stringContaining('Source image x not found') });
    expect(classifyArmFailure(restError(404, 'ResourceNotFound', 'gone'), 'importImage', NOW)).toMatchObject({
      kind: 'permanent',
      message: expect.stringContaining('not found'),
    });
  });
});

describe('importParameters', () => {
  const item = {
    repository: 'app/web',
    digest: `sha256:${'a'.repeat(64)}`,
    mediaType: 'x',
    tags: ['v1'],
    closure: [],
    phase: 0,
    bytes: 0,
  };

  it('imports by digest from the source resource id, with only the given tags', () => {
    expect(importParameters({ item, tags: ['v1', 'latest'], force: false }, '/sub/src')).toEqual({
      source: { resourceId: '/sub/src', sourceImage: `app/web@sha256:${'a'.repeat(64)}` },
      targetTags: ['app/web:v1', 'app/web:latest'],
      mode: 'NoForce',
    });
  });

  it('uses untaggedTargetRepositories when no tag is to be set, and Force only when asked', () => {
    expect(importParameters({ item, tags: [], force: false }, '/sub/src')).toMatchObject({
      untaggedTargetRepositories: ['app/web'],
      mode: 'NoForce',
    });
    expect(importParameters({ item, tags: ['v1'], force: true }, '/sub/src').mode).toBe('Force');
  });
});
