import type { Host, ProgressUpdate } from '../hosts/host.js';

/** Wall-clock source, replaceable in tests. */
export type Clock = () => number;

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** Build an update (pure: easy to test, shared by every host). */
export function progressUpdate(
  label: string,
  unit: string,
  done: number,
  total: number,
  elapsedMs: number,
): ProgressUpdate {
  const percent = total > 0 ? Math.floor((Math.min(done, total) / total) * 100) : 100;
  const ratePerSecond = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const etaSeconds = ratePerSecond > 0 && total >= done ? (total - done) / ratePerSecond : undefined;
  const eta = etaSeconds === undefined ? '' : ` ETA ${formatDuration(etaSeconds)}`;
  const text = `${label} ${done}/${total} ${unit} (${percent}%) ${ratePerSecond.toFixed(1)}/s${done >= total ? ' done' : eta}`;
  return { label, unit, done, total, percent, ratePerSecond, etaSeconds, text };
}

/**
 * Reports progress of a long job at a steady pace: at most one render per host.progressIntervalMs,
 * plus the first and the last, whatever the rate of ticks.
 */
export class ProgressReporter {
  private done = 0;
  private readonly started: number;
  private lastRender = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly host: Pick<Host, 'progress' | 'progressIntervalMs'>,
    private readonly label: string,
    private total: number,
    private readonly unit = 'items',
    private readonly clock: Clock = Date.now,
    /** Appended to each line after a comma (for example bytes copied). */
    private readonly detail?: () => string,
  ) {
    this.started = clock();
  }

  /** Replace the total (work counted while running). */
  setTotal(total: number): void {
    this.total = total;
  }

  tick(count = 1): void {
    this.update(this.done + count);
  }

  /** Set how much is done (for callers that count themselves). */
  update(done: number): void {
    this.done = done;
    const now = this.clock();
    if (now - this.lastRender >= this.host.progressIntervalMs) this.render(now);
  }

  finish(): void {
    this.render(this.clock());
  }

  private render(now: number): void {
    this.lastRender = now;
    const update = progressUpdate(this.label, this.unit, this.done, this.total, now - this.started);
    this.host.progress(this.detail ? { ...update, text: `${update.text}, ${this.detail()}` } : update);
  }
}
