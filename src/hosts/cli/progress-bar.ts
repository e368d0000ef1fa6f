import type { ProgressUpdate } from '../host.js';

const WIDTH = 24;
/** Carriage return, then erase the line: the bar is redrawn in place. */
export const CLEAR_LINE = '\r\u001b[2K';

/** One frame of the live bar, e.g. "[#########---------------]  38% Importing 152/400 ...". */
export function renderBar(update: ProgressUpdate, safeText: string): string {
  const filled = Math.round((Math.min(Math.max(update.percent, 0), 100) / 100) * WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}`;
  return `[${bar}] ${String(update.percent).padStart(3)}% ${safeText}`;
}

/**
 * A bar drawn on one terminal line. Log lines written while it shows first erase it; the next
 * update draws it again, and the final update (done == total) leaves it on its own line.
 */
export class LiveBar {
  private visible = false;

  constructor(private readonly write: (text: string) => void) {}

  draw(update: ProgressUpdate, safeText: string): void {
    const finished = update.done >= update.total;
    this.write(`${CLEAR_LINE}${renderBar(update, safeText)}${finished ? '\n' : ''}`);
    this.visible = !finished;
  }

  /** Erase the bar before another line is written. */
  clear(): void {
    if (!this.visible) return;
    this.write(CLEAR_LINE);
    this.visible = false;
  }
}
