import { FaultRuleError, kindMatches, parseFaultRules, retryAfterHeaders } from '../../../emulator/src/faults/rules.js';

describe('fault rules', () => {
  it('parses an array or { rules } and rejects invalid rules with the reason', () => {
    const rule = { kind: 'arm:write', action: { status: 429 } };
    expect(parseFaultRules([rule])).toEqual([rule]);
    expect(parseFaultRules({ rules: [rule] })).toEqual([rule]);
    expect(() => parseFaultRules({})).toThrow(FaultRuleError);
    expect(() => parseFaultRules([{ action: {} }])).toThrow(/"kind" is required/);
    expect(() => parseFaultRules([{ kind: 'x' }])).toThrow(/"action" is required/);
    expect(() => parseFaultRules([{ ...rule, probability: 2 }])).toThrow(/probability/);
    expect(() => parseFaultRules([{ ...rule, everyNth: 0 }])).toThrow(/everyNth/);
    expect(() => parseFaultRules([{ ...rule, path: '(' }])).toThrow(/regular expression/);
    expect(() => parseFaultRules([{ ...rule, retryAfter: { form: 'later' } }])).toThrow(/retryAfter.form/);
  });

  it('matches kinds exactly or with wildcards', () => {
    expect(kindMatches('arm:read', 'arm:read')).toBe(true);
    expect(kindMatches('arm:*', 'arm:lro')).toBe(true);
    expect(kindMatches('acr:blob-*', 'acr:blob-get')).toBe(true);
    expect(kindMatches('acr:blob-*', 'acr:manifest-get')).toBe(false);
    expect(kindMatches('*', 'entra:token')).toBe(true);
    expect(kindMatches('arm:read', 'arm:reads')).toBe(false);
  });

  it('renders each Retry-After form', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(retryAfterHeaders({ form: 'seconds', seconds: 3 }, now)).toEqual({ 'retry-after': '3' });
    expect(retryAfterHeaders({ form: 'http-date', seconds: 3 }, now)).toEqual({
      'retry-after': 'Thu, 01 Jan 2026 00:00:03 GMT',
    });
    expect(retryAfterHeaders({ form: 'retry-after-ms', ms: 250 }, now)).toEqual({ 'retry-after-ms': '250' });
    expect(retryAfterHeaders({ form: 'x-ms-retry-after-ms', ms: 250 }, now)).toEqual({ 'x-ms-retry-after-ms': '250' });
    expect(retryAfterHeaders({ form: 'none' }, now)).toEqual({});
    expect(retryAfterHeaders(undefined, now)).toEqual({});
  });
});
