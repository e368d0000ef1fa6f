/**
 * The in-memory index of one registry and the operations that change it. Every change goes
 * through `applyOperation`, both live and when the journal is replayed after a restart, so the two
 * can never disagree. Operations carry their own timestamps for the same reason.
 */
import {
  DEFAULT_ATTRIBUTES,
  type AttributePatch,
  type ChangeableAttributes,
  type ManifestRecord,
  type TagRecord,
} from './types.js';

export interface RepositoryState {
  name: string;
  createdTime: string;
  lastUpdateTime: string;
  attributes: ChangeableAttributes;
  /** Blobs this repository may serve (pushed, mounted or imported into it). */
  blobs: Set<string>;
  manifests: Map<string, ManifestRecord>;
  tags: Map<string, TagRecord>;
  /** Derived: digest -> tag names. */
  tagsByDigest: Map<string, Set<string>>;
  /** Derived: subject digest -> referrer manifest digests. */
  referrers: Map<string, Set<string>>;
}

export type AttributeTarget =
  { kind: 'repository' } | { kind: 'tag'; name: string } | { kind: 'manifest'; digest: string };

export type StoreOperation =
  | { op: 'link'; repo: string; digest: string; time: string }
  | { op: 'unlink'; repo: string; digest: string; time: string }
  | { op: 'manifest'; repo: string; record: ManifestRecord }
  | { op: 'tag'; repo: string; name: string; digest: string; time: string }
  | { op: 'untag'; repo: string; name: string; time: string }
  | { op: 'attributes'; repo: string; target: AttributeTarget; patch: AttributePatch; time: string }
  | { op: 'deleteManifest'; repo: string; digest: string; time: string }
  | { op: 'deleteRepository'; repo: string };

export interface SerializedRepository {
  name: string;
  createdTime: string;
  lastUpdateTime: string;
  attributes: ChangeableAttributes;
  blobs: string[];
  manifests: ManifestRecord[];
  tags: TagRecord[];
}

export interface SerializedState {
  repositories: SerializedRepository[];
}

export type StoreState = Map<string, RepositoryState>;

export function emptyRepository(name: string, time: string): RepositoryState {
  return {
    name,
    createdTime: time,
    lastUpdateTime: time,
    attributes: { ...DEFAULT_ATTRIBUTES },
    blobs: new Set(),
    manifests: new Map(),
    tags: new Map(),
    tagsByDigest: new Map(),
    referrers: new Map(),
  };
}

function repositoryFor(state: StoreState, name: string, time: string): RepositoryState {
  let repo = state.get(name);
  if (!repo) {
    repo = emptyRepository(name, time);
    state.set(name, repo);
  }
  return repo;
}

function addToIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}

function putManifest(repo: RepositoryState, record: ManifestRecord): void {
  const previous = repo.manifests.get(record.digest);
  if (previous?.subject) removeFromIndex(repo.referrers, previous.subject, record.digest);
  repo.manifests.set(record.digest, record);
  if (record.subject) addToIndex(repo.referrers, record.subject, record.digest);
  repo.lastUpdateTime = record.lastUpdateTime;
}

function setTag(repo: RepositoryState, name: string, digest: string, time: string): void {
  const existing = repo.tags.get(name);
  if (existing) removeFromIndex(repo.tagsByDigest, existing.digest, name);
  repo.tags.set(name, {
    name,
    digest,
    createdTime: existing?.createdTime ?? time,
    lastUpdateTime: time,
    attributes: existing?.attributes ?? { ...DEFAULT_ATTRIBUTES },
  });
  addToIndex(repo.tagsByDigest, digest, name);
  repo.lastUpdateTime = time;
}

function removeTag(repo: RepositoryState, name: string, time: string): void {
  const existing = repo.tags.get(name);
  if (!existing) return;
  repo.tags.delete(name);
  removeFromIndex(repo.tagsByDigest, existing.digest, name);
  repo.lastUpdateTime = time;
}

function deleteManifest(repo: RepositoryState, digest: string, time: string): void {
  const record = repo.manifests.get(digest);
  if (!record) return;
  for (const tag of [...(repo.tagsByDigest.get(digest) ?? [])]) removeTag(repo, tag, time);
  repo.manifests.delete(digest);
  if (record.subject) removeFromIndex(repo.referrers, record.subject, digest);
  repo.lastUpdateTime = time;
}

function patchAttributes(repo: RepositoryState, target: AttributeTarget, patch: AttributePatch, time: string): void {
  const holder =
    target.kind === 'repository'
      ? repo
      : target.kind === 'tag'
        ? repo.tags.get(target.name)
        : repo.manifests.get(target.digest);
  if (!holder) return;
  holder.attributes = { ...holder.attributes, ...definedOnly(patch) };
  holder.lastUpdateTime = time;
}

function definedOnly(patch: AttributePatch): AttributePatch {
  const result: AttributePatch = {};
  for (const key of ['deleteEnabled', 'writeEnabled', 'readEnabled', 'listEnabled'] as const) {
    if (typeof patch[key] === 'boolean') result[key] = patch[key];
  }
  return result;
}

export function applyOperation(state: StoreState, operation: StoreOperation): void {
  switch (operation.op) {
    case 'link':
      repositoryFor(state, operation.repo, operation.time).blobs.add(operation.digest);
      return;
    case 'unlink':
      state.get(operation.repo)?.blobs.delete(operation.digest);
      return;
    case 'manifest':
      putManifest(repositoryFor(state, operation.repo, operation.record.createdTime), operation.record);
      return;
    case 'tag':
      setTag(repositoryFor(state, operation.repo, operation.time), operation.name, operation.digest, operation.time);
      return;
    case 'untag': {
      const repo = state.get(operation.repo);
      if (repo) removeTag(repo, operation.name, operation.time);
      return;
    }
    case 'attributes': {
      const repo = state.get(operation.repo);
      if (repo) patchAttributes(repo, operation.target, operation.patch, operation.time);
      return;
    }
    case 'deleteManifest': {
      const repo = state.get(operation.repo);
      if (!repo) return;
      deleteManifest(repo, operation.digest, operation.time);
      // ACR removes a repository with its last manifest (attributes and layers included).
      if (repo.manifests.size === 0) state.delete(operation.repo);
      return;
    }
    case 'deleteRepository':
      state.delete(operation.repo);
      return;
  }
}

export function serializeState(state: StoreState): SerializedState {
  return {
    repositories: [...state.values()].map((repo) => ({
      name: repo.name,
      createdTime: repo.createdTime,
      lastUpdateTime: repo.lastUpdateTime,
      attributes: repo.attributes,
      blobs: [...repo.blobs],
      manifests: [...repo.manifests.values()],
      tags: [...repo.tags.values()],
    })),
  };
}

export function deserializeState(serialized: SerializedState | undefined): StoreState {
  const state: StoreState = new Map();
  for (const saved of serialized?.repositories ?? []) {
    const repo = emptyRepository(saved.name, saved.createdTime);
    repo.lastUpdateTime = saved.lastUpdateTime;
    repo.attributes = { ...DEFAULT_ATTRIBUTES, ...saved.attributes };
    for (const digest of saved.blobs) repo.blobs.add(digest);
    for (const record of saved.manifests) putManifest(repo, record);
    for (const tag of saved.tags) {
      repo.tags.set(tag.name, tag);
      addToIndex(repo.tagsByDigest, tag.digest, tag.name);
    }
    repo.lastUpdateTime = saved.lastUpdateTime;
    state.set(saved.name, repo);
  }
  return state;
}
