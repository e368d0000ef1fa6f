/**
 * Minimal HS256 JWTs for ACR refresh and access tokens. Clients only decode the payload (the SDK
 * reads `exp`), so a per-registry shared secret is enough; verification is ours alone.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export interface JwtClaims {
  exp: number;
  nbf?: number;
  [claim: string]: unknown;
}

function base64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function signature(input: string, secret: Buffer): string {
  return createHmac('sha256', secret).update(input).digest('base64url');
}

export function signJwt(claims: JwtClaims, secret: Buffer): string {
  const input = `${HEADER}.${base64url(JSON.stringify(claims))}`;
  return `${input}.${signature(input, secret)}`;
}

/** The claims when the signature is ours and `nowSeconds` is inside [nbf, exp); else undefined. */
export function verifyJwt<C extends JwtClaims>(token: string, secret: Buffer, nowSeconds: number): C | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  const expected = Buffer.from(signature(`${parts[0]}.${parts[1]}`, secret));
  const actual = Buffer.from(parts[2] ?? '');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  let claims: C;
  try {
    claims = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as C;
  } catch {
    return undefined;
  }
  if (typeof claims.exp !== 'number' || nowSeconds >= claims.exp) return undefined;
  if (typeof claims.nbf === 'number' && nowSeconds < claims.nbf) return undefined;
  return claims;
}
