import { findChallenge, parseChallenges, parseNextLink, parseRetryAfter } from '../../../src/core/oci/headers.js';

describe('WWW-Authenticate', () => {
  it('parses an ACR bearer challenge with quoted, comma-containing values', () => {
    const [challenge] = parseChallenges(
      'Bearer realm="https://contoso.azurecr.io/oauth2/token",service="contoso.azurecr.io",scope="repository:app:pull,push",error="insufficient_scope"',
    );
    expect(challenge).toEqual({
      scheme: 'bearer',
      params: {
        realm: 'https://contoso.azurecr.io/oauth2/token',
        service: 'contoso.azurecr.io',
        scope: 'repository:app:pull,push',
        error: 'insufficient_scope',
      },
    });
  });

  it('parses several challenges, unquoted values, escapes and several headers', () => {
    const challenges = parseChallenges([
      'Basic realm="a \\"quoted\\" realm", Bearer realm=https://x/token, service=x',
      'Negotiate',
    ]);
    expect(challenges.map((c) => c.scheme)).toEqual(['basic', 'bearer', 'negotiate']);
    expect(challenges[0]!.params.realm).toBe('a "quoted" realm');
    expect(findChallenge(challenges, 'bearer')!.params).toEqual({ realm: 'https://x/token', service: 'x' });
    expect(parseChallenges(undefined)).toEqual([]);
  });
});

describe('Link', () => {
  it('finds rel="next" among several links and parameters', () => {
    expect(parseNextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(parseNextLink('<https://x/prev>; rel="prev", <https://x/next>; type="a"; rel=next')).toBe('https://x/next');
    expect(parseNextLink('</a>; rel="prev next"')).toBe('/a');
    expect(parseNextLink('</a>; rel="prev"')).toBeUndefined();
    expect(parseNextLink(undefined)).toBeUndefined();
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it('reads seconds and HTTP dates, never negative', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-3', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });
});
