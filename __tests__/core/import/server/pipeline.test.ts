import type { TokenCredential } from '@azure/core-auth';
import { resolveCloud } from '../../../../src/core/azure/clouds.js';
import {
  createImportClient,
  importRetryPolicy,
  POLICY_NAME,
  type ImportPipelineOptions,
} from '../../../../src/core/import/server/pipeline.js';
import { TokenBucket } from '../../../../src/core/import/throttle/token-bucket.js';
import { ManualTiming } from '../support/manual-timing.js';

type Policy = ReturnType<typeof importRetryPolicy>;
type Request = Parameters<Policy['sendRequest']>[0];
type Next = Parameters<Policy['sendRequest']>[1];

function headers(values: Record<string, string>) {
  const map = new Map(Object.entries(values).map(([k, v]) => [k.toLowerCase(), v]));
  return {
    get: (name: string) => map.get(name.toLowerCase()),
    set: (name: string, value: string) => void map.set(name.toLowerCase(), value),
    has: (name: string) => map.has(name.toLowerCase()),
    delete: (name: string) => void map.delete(name.toLowerCase()),
    toJSON: () => Object.fromEntries(map),
    [Symbol.iterator]: () => map.entries(),
  };
}

function response(status: number, values: Record<string, string> = {}) {
  return { status, headers: headers(values), request: {} } as unknown as Awaited<ReturnType<Next>>;
}

function scripted(answers: Array<ReturnType<typeof response> | Error>) {
  const sent: string[] = [];
  const next: Next = async (request) => {
    sent.push(request.method);
    const answer = answers.shift();
    if (!answer) throw new Error('no more answers');
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { next, sent };
}

const request = (method: string) => ({ method, url: 'https://arm/x', headers: headers({}) }) as unknown as Request;

function policy(overrides: Partial<ImportPipelineOptions> = {}) {
  const timing = new ManualTiming(true);
  const events: string[] = [];
  const options: ImportPipelineOptions = {
    timing,
    readAttempts: 4,
    maxWaitMs: 10_000,
    maxPollIntervalMs: 5_000,
    onWriteThrottled: (ms) => events.push(`write 429 ${ms}`),
    onReadThrottled: (ms) => events.push(`read 429 ${ms}`),
    ...overrides,
  };
  return { timing, events, policy: importRetryPolicy(options) };
}

describe('importRetryPolicy', () => {
  it('hands a throttled write straight back (the engine decides), reporting the wait asked for', async () => {
    const { policy: p, events } = policy();
    const { next, sent } = scripted([response(429, { 'x-ms-retry-after-ms': '1200' })]);
    const answer = await p.sendRequest(request('POST'), next);
    expect(answer.status).toBe(429);
    expect(sent).toEqual(['POST']);
    expect(events).toEqual(['write 429 1200']);
  });

  it('retries polls on 429 and 5xx, waiting Retry-After (capped) or a backoff', async () => {
    const { policy: p, timing, events } = policy();
    const { next, sent } = scripted([
      response(429, { 'retry-after': '3600' }),
      response(503),
      response(202, { 'retry-after': '2' }),
    ]);
    const answer = await p.sendRequest(request('GET'), next);
    expect(answer.status).toBe(202);
    expect(sent).toEqual(['GET', 'GET', 'GET']);
    expect(events).toEqual(['read 429 3600000']);
    expect(timing.sleeps).toEqual([10_000, 750]);
  });

  it('retries polls on network errors, a bounded number of times', async () => {
    const { policy: p } = policy();
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    const { next, sent } = scripted([reset, reset, reset, reset, response(200)]);
    await expect(p.sendRequest(request('GET'), next)).rejects.toThrow('socket hang up');
    expect(sent).toHaveLength(4);
  });

  it('caps the polling interval ARM asks for', async () => {
    const { policy: p } = policy();
    const { next } = scripted([response(202, { 'retry-after': '600' })]);
    const answer = await p.sendRequest(request('GET'), next);
    expect(answer.headers.get('retry-after')).toBe('5');
  });

  it('shapes polls with the read bucket', async () => {
    const timing = new ManualTiming(true);
    const readBucket = new TokenBucket({ burst: 1, refillPerSecond: 2 }, timing);
    const { policy: p } = policy({ timing, readBucket });
    const { next } = scripted([response(200), response(200)]);
    await p.sendRequest(request('GET'), next);
    await p.sendRequest(request('GET'), next);
    expect(timing.now()).toBe(500);
  });
});

describe('createImportClient', () => {
  it("replaces the SDK's own retry policy with ours", () => {
    const credential: TokenCredential = { getToken: async () => ({ token: 't', expiresOnTimestamp: 0 }) };
    const client = createImportClient(credential, resolveCloud('AzureCloud'), '00000000-0000-0000-0000-000000000001', {
      timing: new ManualTiming(),
      readAttempts: 3,
      maxWaitMs: 1_000,
      maxPollIntervalMs: 1_000,
    });
    const names = client.pipeline.getOrderedPolicies().map((p) => p.name);
    expect(names).toContain(POLICY_NAME);
    expect(names).not.toContain('defaultRetryPolicy');
    expect(names.filter((n) => /retry/i.test(n))).toEqual([POLICY_NAME]);
  });
});
