/**
 * Fakes for engine and runner tests: an in-memory target registry (digests and tags per repository),
 * its changeable attributes (refusing imports into a write-locked repository and reads of a
 * read-locked one, like ACR), and an importer whose behaviour is scripted per item and attempt.
 */
import { describe as describeAttributes } from '../../../../src/core/import/attributes.js';
import type { Attributes, AttributeStore } from '../../../../src/core/import/attributes.js';
import type { ClassifiedFailure, Importer, ImportHooks, ImportRequest } from '../../../../src/core/import/importer.js';
import { itemKey, type WorkItem } from '../../../../src/core/import/model.js';
import type { TargetRepositoryState } from '../../../../src/core/import/target-state.js';
import type { Verification } from '../../../../src/core/import/verify.js';

export class FakeTarget {
  readonly manifests = new Map<string, Set<string>>();
  readonly tags = new Map<string, Map<string, string>>();
  verifications = 0;
  /** Locks, as FakeAttributeStore sets them: imports and reads they refuse fail. */
  writable: (repository: string) => boolean = () => true;
  readable: (repository: string, digest: string) => boolean = () => true;

  private repo(repository: string) {
    if (!this.manifests.has(repository)) this.manifests.set(repository, new Set());
    if (!this.tags.has(repository)) this.tags.set(repository, new Map());
    return { manifests: this.manifests.get(repository)!, tags: this.tags.get(repository)! };
  }

  put(repository: string, digests: readonly string[], tags: Record<string, string> = {}): void {
    const repo = this.repo(repository);
    digests.forEach((d) => repo.manifests.add(d));
    for (const [tag, digest] of Object.entries(tags)) repo.tags.set(tag, digest);
  }

  /** What an import does; NoForce refuses an existing tag like importImage. */
  apply(request: ImportRequest, withClosure = true): void {
    const repo = this.repo(request.item.repository);
    if (!this.writable(request.item.repository)) throw failure('permanent', 'locked: writeEnabled is false');
    if (!request.force && request.tags.some((t) => repo.tags.has(t))) throw failure('conflict', 'Tag already exists');
    this.put(
      request.item.repository,
      withClosure ? [request.item.digest, ...request.item.closure] : [request.item.digest],
    );
    for (const tag of request.tags) repo.tags.set(tag, request.item.digest);
  }

  readTarget = async (repository: string): Promise<TargetRepositoryState> => {
    const repo = this.repo(repository);
    const manifests = new Set(repo.manifests);
    const tags = new Map(repo.tags);
    return { hasManifest: (d) => manifests.has(d), tagDigest: (t) => tags.get(t) };
  };

  verify = async (item: WorkItem, checkTags: boolean): Promise<Verification> => {
    this.verifications += 1;
    const repo = this.repo(item.repository);
    const result: Verification = { problems: [], missingTags: [], wrongTags: [] };
    for (const digest of [item.digest, ...item.closure]) {
      if (!repo.manifests.has(digest)) result.problems.push(`manifest ${digest} is missing`);
      else if (!this.readable(item.repository, digest)) result.problems.push(`manifest ${digest}: read refused`);
    }
    if (checkTags) {
      for (const tag of item.tags) {
        const current = repo.tags.get(tag);
        if (current === undefined) {
          result.problems.push(`tag ${tag} is missing`);
          result.missingTags.push(tag);
        } else if (current !== item.digest) {
          result.problems.push(`tag ${tag} points at ${current}`);
          result.wrongTags.push({ tag, targetDigest: current });
        }
      }
    }
    return result;
  };
}

export class ScriptedFailure extends Error {
  constructor(readonly classified: ClassifiedFailure) {
    super(classified.message);
  }
}

export function failure(kind: ClassifiedFailure['kind'], message: string, retryAfterMs?: number): ScriptedFailure {
  return new ScriptedFailure({
    kind,
    message,
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    ...(kind === 'permanent' ? { hint: 'grant the role' } : {}),
  });
}

export type Step =
  | 'ok'
  /** Never answers (until the deadline aborts it). */
  | 'hang'
  /** The import completes in the target, but the answer never comes. */
  | 'complete-then-hang'
  /** Copies the manifest but not its closure (like dropped blobs). */
  | 'incomplete'
  | 'transient'
  /** Accepted, then the operation ends Failed (transient code). */
  | 'failed-after-accept'
  | 'permanent'
  /** A 403 naming a missing permission: every import would get it (stopsRun). */
  | 'forbidden'
  /** Completes, then reports a 409 (a resubmission racing our own earlier attempt). */
  | 'complete-then-conflict'
  | { throttle: number | undefined };

export class ScriptedImporter implements Importer {
  readonly mode = 'server' as const;
  readonly shaped = true;
  writesSent = 0;
  readonly calls: ImportRequest[] = [];

  constructor(
    private readonly target: FakeTarget,
    private readonly script: Record<string, Step[]> = {},
  ) {}

  async run(request: ImportRequest, signal: AbortSignal, hooks: ImportHooks): Promise<void> {
    this.writesSent += 1;
    this.calls.push(request);
    const steps = this.script[itemKey(request.item)] ?? [];
    const step = steps.shift() ?? 'ok';
    await Promise.resolve();
    if (typeof step === 'object') throw failure('throttled', 'throttled', step.throttle);
    if (step === 'transient') throw failure('transient', 'HTTP 503');
    if (step === 'permanent') throw failure('permanent', 'HTTP 403 AuthorizationFailed');
    if (step === 'forbidden') {
      throw new ScriptedFailure({
        kind: 'permanent',
        message: 'importImage: permission denied (AuthorizationFailed): the identity lacks "importImage/action" on /t.',
        hint: 'grant it',
        stopsRun: true,
      });
    }
    hooks.onAccepted();
    if (step === 'failed-after-accept') throw failure('transient', 'operation Failed: InternalServerError');
    if (step === 'hang' || step === 'complete-then-hang') {
      if (step === 'complete-then-hang') this.target.apply(request);
      await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
    }
    this.target.apply(request, step !== 'incomplete');
    if (step === 'complete-then-conflict') throw failure('conflict', 'Tag already exists in target registry');
  }

  classify(error: unknown): ClassifiedFailure {
    if (error instanceof ScriptedFailure) return error.classified;
    return { kind: 'permanent', message: String(error) };
  }
}

const OPEN: Attributes = { writeEnabled: true, deleteEnabled: true, readEnabled: true, listEnabled: true };

/**
 * The changeable attributes of a FakeTarget: every repository and manifest it holds starts open
 * (ACR's defaults); `updates` lists each PATCH as "repo[@digest] key=value, …".
 */
export class FakeAttributeStore implements AttributeStore {
  readonly updates: string[] = [];
  /** Make an update fail (e.g. no metadata_write permission). */
  refuse: (repository: string, digest: string | undefined) => boolean = () => false;
  private readonly values = new Map<string, Attributes>();

  constructor(private readonly target: FakeTarget) {
    target.writable = (repository) => this.get(repository)?.writeEnabled !== false;
    target.readable = (repository, digest) =>
      this.get(repository)?.readEnabled !== false && this.get(repository, digest)?.readEnabled !== false;
  }

  /** The current value (undefined when the target holds no such repository or manifest). */
  get(repository: string, digest?: string): Attributes | undefined {
    const held = this.target.manifests.get(repository);
    if (!held || held.size === 0 || (digest !== undefined && !held.has(digest))) return undefined;
    const key = digest === undefined ? repository : `${repository}@${digest}`;
    if (!this.values.has(key)) this.values.set(key, { ...OPEN });
    return this.values.get(key);
  }

  set(repository: string, digest: string | undefined, value: Attributes): void {
    Object.assign(this.get(repository, digest)!, value);
  }

  async repository(repository: string) {
    const value = this.get(repository);
    return value && { ...value };
  }

  async listed(repository: string) {
    const listed = new Map<string, Attributes>();
    for (const digest of this.target.manifests.get(repository) ?? []) {
      const value = this.get(repository, digest)!;
      if (value.listEnabled !== false) listed.set(digest, { ...value });
    }
    return listed;
  }

  async manifest(repository: string, digest: string) {
    const value = this.get(repository, digest);
    const tags = [...(this.target.tags.get(repository) ?? [])].filter(([, d]) => d === digest).map(([t]) => t);
    return value && { attributes: { ...value }, tags };
  }

  async update(repository: string, digest: string | undefined, value: Attributes) {
    this.updates.push(`${digest === undefined ? repository : `${repository}@${digest}`} ${describeAttributes(value)}`);
    if (this.refuse(repository, digest)) throw new Error('update attributes: denied (403)');
    this.set(repository, digest, value);
  }
}
