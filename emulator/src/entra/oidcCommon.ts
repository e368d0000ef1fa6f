/** What the fake OIDC issuers (GitHub Actions, Azure DevOps) share: keys, discovery, minting. */
import type { KeyObject } from 'node:crypto';
import { randomId } from '../shared/ids.js';
import { signJwt, type JwtPayload } from './jwt.js';
import type { SigningKey } from './keys.js';

/** An issuer whose tokens the token endpoint accepts as client assertions (federated credentials). */
export interface TrustedIssuer {
  readonly issuer: string;
  publicKeys(): KeyObject[];
}

export interface IssuerResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export function openIdDocument(issuer: string, jwksUri: string): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: jwksUri,
    subject_types_supported: ['public', 'pairwise'],
    response_types_supported: ['id_token'],
    claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  };
}

/** Signs an OIDC id token; `expiresInSeconds` may be negative to mint an already expired one. */
export function mintIdToken(
  key: SigningKey,
  claims: JwtPayload & { iss: string; sub: string; aud: string },
  expiresInSeconds: number,
): string {
  const now = Math.floor(Date.now() / 1000);
  const issuedAt = Math.min(now, now + expiresInSeconds - 60);
  return signJwt(
    { jti: randomId(), nbf: issuedAt, iat: issuedAt, exp: now + expiresInSeconds, ...claims },
    key.privateKey,
    key.kid,
  );
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  return match?.[1]?.trim();
}
