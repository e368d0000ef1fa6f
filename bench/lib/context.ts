/** What every case gets from the runner. */
export interface BenchContext {
  /** --quick: every case at a tenth of its size (CI smoke: goals are reported, not enforced). */
  quick: boolean;
  /** 1 in full mode, 0.1 in quick mode. */
  scale: number;
  /** Progress lines for the person watching (stderr). */
  log(message: string): void;
}

/** `full` scaled for the mode, never below `minimum`. */
export function scaled(context: BenchContext, full: number, minimum = 1): number {
  return Math.max(minimum, Math.round(full * context.scale));
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
