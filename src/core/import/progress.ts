/**
 * Progress of an import run in items and bytes, at the host's pace: at most one render per
 * host.progressIntervalMs (plus the first and the last), whatever the rate of completions. The items
 * count drives percent, rate and ETA (core/progress.ts computes them); bytes are added to the line.
 */
import type { Host } from '../../hosts/host.js';
import { ProgressReporter, type Clock } from '../progress.js';

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
  private bytes = 0;
  private doneBytes = 0;
  private reporter?: ProgressReporter;

  constructor(
    private readonly host: Pick<Host, 'progress' | 'progressIntervalMs'>,
    private readonly label = 'Importing',
    private readonly clock: Clock = Date.now,
  ) {}

  start(items: number, bytes: number): void {
    this.bytes = bytes;
    this.reporter = new ProgressReporter(
      this.host,
      this.label,
      items,
      'manifests',
      this.clock,
      () => `${formatBytes(this.doneBytes)} of ${formatBytes(this.bytes)}`,
    );
    this.reporter.update(0);
  }

  tick(bytes: number): void {
    this.doneBytes += bytes;
    this.reporter?.tick();
  }

  finish(): void {
    this.reporter?.finish();
  }
}
