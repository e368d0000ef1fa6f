/**
 * A virtual clock for the engine's timing: nothing sleeps for real.
 * - manual: `advance(ms)` moves time and wakes the sleepers that are due, in order;
 * - auto: whenever someone sleeps, the earliest pending sleeper is woken on the next macrotask with
 *   the clock moved to its due time (a discrete-event simulation: deadlines and backoffs of minutes
 *   pass in microseconds, in the order they would really happen).
 */
import type { EngineTiming, SignalLike } from '../../../../src/core/import/throttle/timing.js';

interface Sleeper {
  due: number;
  seq: number;
  resolve: () => void;
}

export class ManualTiming implements EngineTiming {
  time = 0;
  readonly sleeps: number[] = [];
  private sleepers: Sleeper[] = [];
  private seq = 0;
  private scheduled = false;

  constructor(private readonly auto = false) {}

  now = (): number => this.time;
  random = (): number => 0.5;

  sleep = (ms: number, signal?: SignalLike): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason ?? new Error('aborted'));
        return;
      }
      this.sleeps.push(ms);
      const sleeper: Sleeper = { due: this.time + Math.max(0, ms), seq: this.seq++, resolve: () => undefined };
      const onAbort = () => {
        this.sleepers = this.sleepers.filter((s) => s !== sleeper);
        reject(signal?.reason ?? new Error('aborted'));
      };
      sleeper.resolve = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.push(sleeper);
      if (this.auto) this.schedule();
    });

  /** Move the clock forward, waking every sleeper that becomes due (flushing promises in between). */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms;
    for (;;) {
      const next = this.earliest();
      if (!next || next.due > end) break;
      this.time = Math.max(this.time, next.due);
      this.wake(next);
      await flush();
    }
    this.time = end;
    await flush();
  }

  get pending(): number {
    return this.sleepers.length;
  }

  private earliest(): Sleeper | undefined {
    return [...this.sleepers].sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
  }

  private wake(sleeper: Sleeper): void {
    this.sleepers = this.sleepers.filter((s) => s !== sleeper);
    sleeper.resolve();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      const next = this.earliest();
      if (!next) return;
      this.time = Math.max(this.time, next.due);
      this.wake(next);
      if (this.sleepers.length > 0) this.schedule();
    });
  }
}

export async function flush(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
