import { jwtLifetimeSeconds, readTokenResponse, refreshAt } from '../../../src/core/oci/token-response.js';

const now = 1_700_000_000_000;
const jwt = (claims: object) => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;
const body = (value: object | string) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('token lifetimes', () => {
  it('reads exp from a JWT, and nothing from an opaque or broken token', () => {
    expect(jwtLifetimeSeconds(jwt({ exp: now / 1000 + 600 }), now)).toBe(600);
    expect(jwtLifetimeSeconds('opaque-token', now)).toBeUndefined();
    expect(jwtLifetimeSeconds('a.bm90LWpzb24.c', now)).toBeUndefined();
  });

  it('refreshes a quarter before the end, at most 60 s early', () => {
    expect(refreshAt(0, 60)).toBe(45_000);
    expect(refreshAt(0, 3600)).toBe(3_540_000);
    expect(refreshAt(0, 0)).toBe(0);
  });
});

describe('readTokenResponse', () => {
  it('takes the first token field present, preferring expires_in over the JWT exp', () => {
    expect(
      readTokenResponse(body({ token: 't1', access_token: 't2', expires_in: 300 }), ['token', 'access_token'], now),
    ).toEqual({
      value: 't1',
      refreshAt: now + 240_000,
    });
    const token = jwt({ exp: now / 1000 + 3600 });
    expect(readTokenResponse(body({ access_token: token }), ['token', 'access_token'], now)).toEqual({
      value: token,
      refreshAt: now + 3_540_000,
    });
  });

  it('falls back to the given lifetime, and to 60 s by default', () => {
    expect(readTokenResponse(body({ refresh_token: 'r' }), ['refresh_token'], now, 10_800)?.refreshAt).toBe(
      now + 10_740_000,
    );
    expect(readTokenResponse(body({ token: 'x', expires_in: -5 }), ['token'], now)?.refreshAt).toBe(now + 45_000);
  });

  it('finds no token in an empty, foreign or broken answer', () => {
    expect(readTokenResponse(body({}), ['token'], now)).toBeUndefined();
    expect(readTokenResponse(body({ token: '' }), ['token'], now)).toBeUndefined();
    expect(readTokenResponse(body({ token: 42 }), ['token'], now)).toBeUndefined();
    expect(readTokenResponse(body('<html>'), ['token'], now)).toBeUndefined();
    expect(readTokenResponse(body('null'), ['token'], now)).toBeUndefined();
  });
});
