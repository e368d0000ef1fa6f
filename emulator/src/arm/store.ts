/**
 * The ARM resource store: every resource by id (case-insensitive), persisted as JSON in the state
 * directory so a restart with the same --state-dir serves the same resources. Deleting a resource
 * deletes everything under it (child resources, extension resources such as locks and role
 * assignments scoped to it), as ARM does.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAtOrAbove, normalize } from './resourceId.js';

export interface StoredResource {
  /** The id as first written (ARM keeps the casing of the PUT). */
  id: string;
  /** Full type, e.g. Microsoft.ContainerRegistry/registries. */
  type: string;
  /** The ARM representation returned by GET. */
  body: Record<string, unknown>;
  /** Emulator-only data never returned by ARM (passwords, listener ports, …). */
  internal: Record<string, unknown>;
  /** Insertion sequence: lists come back in creation order, deterministically. */
  seq: number;
}

interface StoreFile {
  version: 1;
  nextSeq: number;
  resources: StoredResource[];
}

export class ResourceStore {
  private readonly byKey = new Map<string, StoredResource>();
  private nextSeq = 1;
  private flushScheduled = false;
  private readonly file: string | undefined;
  private readonly deleteListeners: Array<(removed: StoredResource[]) => void> = [];

  /** With `stateDir`, loads resources.json from it and writes changes back. */
  constructor(stateDir?: string) {
    this.file = stateDir ? join(stateDir, 'resources.json') : undefined;
    if (this.file && existsSync(this.file)) {
      const data = JSON.parse(readFileSync(this.file, 'utf8')) as StoreFile;
      for (const resource of data.resources) this.byKey.set(normalize(resource.id), resource);
      this.nextSeq = data.nextSeq;
    }
  }

  get(id: string): StoredResource | undefined {
    return this.byKey.get(normalize(id));
  }

  /** Creates or replaces; a replacement keeps its original id casing and list position. */
  put(id: string, type: string, body: Record<string, unknown>, internal?: Record<string, unknown>): StoredResource {
    const key = normalize(id);
    const existing = this.byKey.get(key);
    const resource: StoredResource = {
      id: existing?.id ?? id,
      type,
      body,
      internal: internal ?? existing?.internal ?? {},
      seq: existing?.seq ?? this.nextSeq++,
    };
    this.byKey.set(key, resource);
    this.scheduleFlush();
    return resource;
  }

  /** Applies `change` to a stored resource in place and persists it. */
  update(id: string, change: (resource: StoredResource) => void): StoredResource | undefined {
    const resource = this.get(id);
    if (!resource) return undefined;
    change(resource);
    this.scheduleFlush();
    return resource;
  }

  /** Deletes the resource and everything at or below its id; returns what was removed. */
  deleteTree(id: string): StoredResource[] {
    const removed = this.list({ under: id });
    for (const resource of removed) this.byKey.delete(normalize(resource.id));
    if (removed.length > 0) {
      this.scheduleFlush();
      for (const listener of this.deleteListeners) listener(removed);
    }
    return removed;
  }

  /** Called after every deleteTree with what it removed (e.g. to stop a deleted registry's listener). */
  onDeleted(listener: (removed: StoredResource[]) => void): void {
    this.deleteListeners.push(listener);
  }

  /** Resources in creation order, filtered by type (case-insensitive) and/or by an ancestor id. */
  list(filter: { type?: string; under?: string } = {}): StoredResource[] {
    const type = filter.type?.toLowerCase();
    return [...this.byKey.values()]
      .filter(
        (r) =>
          (type === undefined || r.type.toLowerCase() === type) &&
          (filter.under === undefined || isAtOrAbove(filter.under, r.id)),
      )
      .sort((a, b) => a.seq - b.seq);
  }

  /** Writes pending changes now (also done automatically on the next tick after a change). */
  flush(): void {
    this.flushScheduled = false;
    if (!this.file) return;
    const data: StoreFile = { version: 1, nextSeq: this.nextSeq, resources: this.list() };
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(data, null, 1));
    renameSync(temp, this.file);
  }

  private scheduleFlush(): void {
    if (this.flushScheduled || !this.file) return;
    this.flushScheduled = true;
    setImmediate(() => {
      if (!this.flushScheduled) return;
      try {
        this.flush();
      } catch {
        // The state directory is gone (an ephemeral emulator removed it after stopping): nothing to keep.
      }
    });
  }
}
