import { backoffMs, capWait, headerGetter, retryAfterMs } from '../../../../src/core/import/throttle/retry-after.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');
const get = (headers: Record<string, string>) => headerGetter(headers);

describe('retryAfterMs', () => {
  it('reads delay-seconds', () => {
    expect(retryAfterMs(get({ 'Retry-After': '7' }), NOW)).toBe(7_000);
    expect(retryAfterMs(get({ 'retry-after': '0' }), NOW)).toBe(0);
  });

  it('reads an HTTP date, relative to now, and a past date as 0', () => {
    expect(retryAfterMs(get({ 'retry-after': 'Thu, 26 Nov 2026 10:00:30 GMT' }), NOW)).toBe(30_000);
    expect(retryAfterMs(get({ 'retry-after': 'Thu, 26 Nov 2026 09:59:00 GMT' }), NOW)).toBe(0);
  });

  it('reads retry-after-ms and x-ms-retry-after-ms, which win over Retry-After', () => {
    expect(retryAfterMs(get({ 'retry-after-ms': '1500' }), NOW)).toBe(1_500);
    expect(retryAfterMs(get({ 'x-ms-retry-after-ms': '250' }), NOW)).toBe(250);
    expect(retryAfterMs(get({ 'x-ms-retry-after-ms': '250', 'retry-after': '9' }), NOW)).toBe(250);
    expect(retryAfterMs(get({ 'retry-after-ms': '100', 'x-ms-retry-after-ms': '250' }), NOW)).toBe(100);
  });

  it('ignores what it cannot read', () => {
    expect(retryAfterMs(get({}), NOW)).toBeUndefined();
    expect(retryAfterMs(get({ 'retry-after': 'soon' }), NOW)).toBeUndefined();
    expect(retryAfterMs(get({ 'retry-after': '-5' }), NOW)).toBeUndefined();
    expect(retryAfterMs(get({ 'retry-after-ms': 'abc', 'retry-after': '2' }), NOW)).toBe(2_000);
  });

  it('takes the first of repeated headers', () => {
    expect(retryAfterMs(headerGetter({ 'retry-after': ['3', '9'] }), NOW)).toBe(3_000);
  });
});

describe('waits', () => {
  it('caps every wait', () => {
    expect(capWait(3_600_000, 60_000)).toBe(60_000);
    expect(capWait(-5, 60_000)).toBe(0);
  });

  it('backs off exponentially with equal jitter, capped', () => {
    expect(backoffMs(1, 1_000, 30_000, () => 0)).toBe(500);
    expect(backoffMs(1, 1_000, 30_000, () => 1)).toBe(1_000);
    expect(backoffMs(3, 1_000, 30_000, () => 0.5)).toBe(3_000);
    expect(backoffMs(20, 1_000, 30_000, () => 1)).toBe(30_000);
  });
});
