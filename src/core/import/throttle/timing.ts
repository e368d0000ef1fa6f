/**
 * Time, for the engine and its throttling: the real clock by default, a virtual one in tests and
 * benchmarks (inject it through the engine's `timing` option). `sleep` honours an AbortSignal so a
 * deadline or a cancelled run never leaves a timer behind.
 */
/** What sleeping needs of an AbortSignal (the Azure SDK passes its own AbortSignalLike). */
export interface SignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface EngineTiming {
  now(): number;
  sleep(ms: number, signal?: SignalLike): Promise<void>;
  random(): number;
}

function abortReason(signal: SignalLike): unknown {
  return signal.reason ?? new Error('aborted');
}

export const realTiming: EngineTiming = {
  now: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
