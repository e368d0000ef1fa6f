import { RequestGate } from '../../../src/core/inventory/gate.js';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('RequestGate', () => {
  it('keeps at most `limit` calls running, across independent callers', async () => {
    const gate = new RequestGate(3);
    let running = 0;
    let peak = 0;
    const work = async (n: number) => {
      running++;
      peak = Math.max(peak, running);
      for (let i = 0; i < n; i++) await tick();
      running--;
      return n;
    };
    const results = await Promise.all([5, 1, 4, 2, 3, 6, 1].map((n) => gate.run(() => work(n))));
    expect(results).toEqual([5, 1, 4, 2, 3, 6, 1]);
    expect(peak).toBe(3);
  });

  it('frees the slot when a call fails', async () => {
    const gate = new RequestGate(1);
    await expect(gate.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(gate.run(async () => 'next')).resolves.toBe('next');
  });

  it('starts nothing once aborted, including calls already waiting', async () => {
    const controller = new AbortController();
    const gate = new RequestGate(1, controller.signal);
    const started: number[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<void>((resolve) => ((release = resolve), started.push(1))));
    const second = gate.run(async () => void started.push(2));
    controller.abort(new Error('cancelled'));
    release();
    await first;
    await expect(second).rejects.toThrow('cancelled');
    await expect(gate.run(async () => started.push(3))).rejects.toThrow('cancelled');
    expect(started).toEqual([1]);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new RequestGate(0)).toThrow(RangeError);
    expect(() => new RequestGate(1.5)).toThrow(RangeError);
  });
});
