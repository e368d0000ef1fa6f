/**
 * One bound on manifest reads across every repository being inventoried. Repositories run in
 * parallel (each with its own listing requests); their per-manifest GETs share this gate, so a
 * single huge repository can use every slot once the small ones are done, and the registry never
 * sees more than `limit` manifest reads at once. Aborting stops new work from starting.
 */
export class RequestGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly limit: number,
    private readonly signal?: AbortSignal,
  ) {
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new RangeError(`limit must be a positive integer, got ${limit}`);
  }

  /** Throws the abort reason when the caller has given up. */
  checkAborted(): void {
    this.signal?.throwIfAborted();
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    this.checkAborted();
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      this.checkAborted();
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
