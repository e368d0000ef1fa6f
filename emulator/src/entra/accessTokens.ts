/**
 * Access tokens: RS256 JWTs shaped like Entra's v1 app-only tokens (what ARM receives), signed with the
 * tenant key published at the jwks_uri. Verification is shared by ARM and the registries' data planes.
 */
import { randomBytes } from 'node:crypto';
import { decodeJwt, signJwt, verifyJwtSignature, audiences, type JwtPayload } from './jwt.js';
import type { SigningKey } from './keys.js';
import type { ServicePrincipal } from './directory.js';

export interface AccessTokenClaims extends JwtPayload {
  aud: string;
  iss: string;
  iat: number;
  nbf: number;
  exp: number;
  appid: string;
  /** 1 = client secret, 2 = certificate or client assertion. */
  appidacr: '1' | '2';
  idtyp: 'app';
  oid: string;
  sub: string;
  tid: string;
  ver: '1.0';
}

export type TokenCheck =
  | { ok: true; claims: AccessTokenClaims }
  | {
      ok: false;
      reason: 'malformed' | 'signature' | 'expired' | 'not-yet-valid' | 'audience' | 'tenant';
      claims?: JwtPayload;
    };

export interface AccessTokenIssuerOptions {
  key: SigningKey;
  tenantId: string;
  /** Base URL of the Entra listener, e.g. https://127.0.0.1:40123 (the issuer is `${base}/${tenant}/`). */
  baseUrl: () => string;
  /** Lifetime of new tokens in seconds (changeable at run time to test refresh). */
  lifetimeSeconds: () => number;
  now?: () => number;
}

export class AccessTokenIssuer {
  constructor(private readonly options: AccessTokenIssuerOptions) {}

  get issuer(): string {
    return `${this.options.baseUrl()}/${this.options.tenantId}/`;
  }

  issue(principal: ServicePrincipal, audience: string, appidacr: '1' | '2'): { token: string; expiresIn: number } {
    const now = Math.floor(this.nowMs() / 1000);
    const expiresIn = this.options.lifetimeSeconds();
    const claims: AccessTokenClaims = {
      aud: audience,
      iss: this.issuer,
      iat: now,
      nbf: now,
      exp: now + expiresIn,
      appid: principal.clientId,
      appidacr,
      idp: this.issuer,
      idtyp: 'app',
      oid: principal.objectId,
      sub: principal.objectId,
      tid: this.options.tenantId,
      uti: randomBytes(16).toString('base64url'),
      ver: '1.0',
    };
    return { token: signJwt(claims, this.options.key.privateKey, this.options.key.kid), expiresIn };
  }

  /**
   * Checks signature, lifetime, tenant and audience. `acceptedAudiences` are compared without a
   * trailing slash, as ARM treats https://management.azure.com and https://management.azure.com/ alike.
   */
  verify(token: string, acceptedAudiences: readonly string[]): TokenCheck {
    const jwt = decodeJwt(token);
    if (!jwt) return { ok: false, reason: 'malformed' };
    if (!verifyJwtSignature(jwt, this.options.key.publicKey)) return { ok: false, reason: 'signature' };
    const claims = jwt.payload;
    const now = this.nowMs() / 1000;
    if (typeof claims.exp !== 'number' || claims.exp <= now) return { ok: false, reason: 'expired', claims };
    if (typeof claims.nbf === 'number' && claims.nbf > now + 1) return { ok: false, reason: 'not-yet-valid', claims };
    if (claims.tid !== this.options.tenantId || claims.iss !== this.issuer) {
      return { ok: false, reason: 'tenant', claims };
    }
    const accepted = new Set(acceptedAudiences.map(trimSlash));
    if (!audiences(claims).some((aud) => accepted.has(trimSlash(aud))))
      return { ok: false, reason: 'audience', claims };
    return { ok: true, claims: claims as AccessTokenClaims };
  }

  private nowMs(): number {
    return this.options.now ? this.options.now() : Date.now();
  }
}

export function trimSlash(url: string): string {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}
