/**
 * Progress of an import run in items and bytes, at the host's pace: at most one render per
 * host.progressIntervalMs (plus the first and the last), whatever the rate of completions. The items
 * count drives percent, rate and ETA (core/progress.ts computes them); bytes are added to the line.
 */
import type { Host } from '../../hosts/host.js';
import { progressUpdate, type Clock } from '../progress.js';

export interface ImportProgressSink {
  /** Items (and their bytes) the run will handle. */
  start(items: number, bytes: number): void;
  /** One item is done (imported, skipped, failed or in conflict). */
  tick(bytes: number): void;
  finish(): void;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export class ImportProgress implements ImportProgressSink {
  private items = 0;
  private bytes = 0;
  private done = 0;
  private doneBytes = 0;
  private started = 0;
  private lastRender = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly host: Pick<Host, 'progress' | 'progressIntervalMs'>,
    private readonly label = 'Importing',
    private readonly clock: Clock = Date.now,
  ) {}

  start(items: number, bytes: number): void {
    this.items = items;
    this.bytes = bytes;
    this.started = this.clock();
    this.render(this.started);
  }

  tick(bytes: number): void {
    this.done += 1;
    this.doneBytes += bytes;
    const now = this.clock();
    if (now - this.lastRender >= this.host.progressIntervalMs) this.render(now);
  }

  finish(): void {
    this.render(this.clock());
  }

  private render(now: number): void {
    this.lastRender = now;
    const update = progressUpdate(this.label, 'manifests', this.done, this.items, now - this.started);
    const text = `${update.text}, ${formatBytes(this.doneBytes)} of ${formatBytes(this.bytes)}`;
    this.host.progress({ ...update, text });
  }
}
