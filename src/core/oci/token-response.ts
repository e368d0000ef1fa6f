/**
 * Token endpoint answers: which field holds the token, and how long to keep it. Pure functions, so
 * expiry rules are testable with a fake clock.
 */

export interface CachedToken {
  value: string;
  /** Epoch ms after which a fresh token is fetched instead. */
  refreshAt: number;
}

/** Docker token spec: a token without expires_in lives 60 seconds. */
export const DEFAULT_TOKEN_LIFETIME_S = 60;
/**
 * ACR refresh tokens live 3 hours. An opaque one is used until then or until the token endpoint
 * refuses it, whichever comes first (a refusal triggers one new exchange).
 */
export const DEFAULT_REFRESH_LIFETIME_S = 3 * 3600;

/** Seconds until a JWT's `exp`, when the token is a readable JWT. */
export function jwtLifetimeSeconds(token: string, now: number): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp - now / 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Refresh when less than a quarter of the lifetime (at most 60 s) is left. */
export function refreshAt(now: number, lifetimeSeconds: number): number {
  const lifetimeMs = Math.max(0, lifetimeSeconds * 1000);
  return now + lifetimeMs - Math.min(60_000, lifetimeMs / 4);
}

/**
 * The token in a token endpoint's JSON answer (first of `fields` present), with its refresh time
 * from expires_in, else the JWT's exp, else `fallbackLifetime`. Undefined when there is no token.
 */
export function readTokenResponse(
  body: Buffer,
  fields: readonly string[],
  now: number,
  fallbackLifetime = DEFAULT_TOKEN_LIFETIME_S,
): CachedToken | undefined {
  let parsed: Record<string, unknown> = {};
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    if (typeof value === 'object' && value !== null) parsed = value as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const value = fields.map((f) => parsed[f]).find((v): v is string => typeof v === 'string' && v.length > 0);
  if (!value) return undefined;
  const expiresIn = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : undefined;
  const lifetime = expiresIn ?? jwtLifetimeSeconds(value, now) ?? fallbackLifetime;
  return { value, refreshAt: refreshAt(now, lifetime) };
}
