/**
 * ACR refresh and access tokens, shaped like ACR's (claims documented in Azure/acr docs/AAD-OAuth.md):
 * a refresh token names an Entra principal; an access token carries the granted `access` list.
 */
import { randomUUID } from 'node:crypto';
import type { RegistryControl } from '../../shared/contract.js';
import { signJwt, verifyJwt, type JwtClaims } from './jwt.js';
import { allowedActions, describePrincipal, type Principal } from './principals.js';
import { grantActions, type AccessEntry } from './scopes.js';

export interface TokenSettings {
  /** HMAC key for this registry's tokens (stable across restarts if tokens must survive them). */
  secret: Buffer;
  now: () => Date;
  /** Access token lifetime (ACR: about an hour). */
  accessTokenSeconds: number;
  /** Refresh token lifetime (ACR: three hours). */
  refreshTokenSeconds: number;
}

interface RefreshClaims extends JwtClaims {
  grant_type: 'refresh_token';
  sub: string;
  tenant: string;
}

export interface AccessClaims extends JwtClaims {
  access: AccessEntry[];
  /** The log's principal string. */
  principal: string;
}

const ISSUER = 'Azure Container Registry';

export class TokenIssuer {
  constructor(
    private readonly control: RegistryControl,
    private readonly settings: TokenSettings,
  ) {}

  issueRefreshToken(principal: { oid: string; tid: string }): string {
    return signJwt(
      {
        ...this.baseClaims(this.settings.refreshTokenSeconds),
        sub: principal.oid,
        grant_type: 'refresh_token',
        tenant: principal.tid,
        permissions: { actions: ['*'], notActions: [] },
        roles: [],
      } satisfies RefreshClaims & Record<string, unknown>,
      this.settings.secret,
    );
  }

  /** The Entra principal a refresh token of ours names, or undefined (bad signature, expired). */
  readRefreshToken(token: string): Principal | undefined {
    const claims = verifyJwt<RefreshClaims>(token, this.settings.secret, this.nowSeconds());
    if (!claims || claims.grant_type !== 'refresh_token' || claims.aud !== this.control.loginServer()) return undefined;
    return { kind: 'entra', oid: claims.sub, tid: claims.tenant };
  }

  /** An access token granting the intersection of `requested` and what `principal` holds now. */
  issueAccessToken(principal: Principal, requested: readonly AccessEntry[]): string {
    const access = requested
      .map((entry) => ({
        ...entry,
        actions: grantActions(entry.actions, allowedActions(this.control, principal, entry.type, entry.name)),
      }))
      .filter((entry) => entry.actions.length > 0);
    return signJwt(
      {
        ...this.baseClaims(this.settings.accessTokenSeconds),
        sub: describePrincipal(principal),
        access,
        roles: [],
        grant_type: 'access_token',
        principal: describePrincipal(principal),
      } satisfies AccessClaims & Record<string, unknown>,
      this.settings.secret,
    );
  }

  readAccessToken(token: string): AccessClaims | undefined {
    const claims = verifyJwt<AccessClaims>(token, this.settings.secret, this.nowSeconds());
    if (!claims || !Array.isArray(claims.access) || claims.aud !== this.control.loginServer()) return undefined;
    return claims;
  }

  private baseClaims(lifetimeSeconds: number): JwtClaims & Record<string, unknown> {
    const now = this.nowSeconds();
    return {
      jti: randomUUID(),
      nbf: now,
      iat: now,
      exp: now + lifetimeSeconds,
      iss: ISSUER,
      aud: this.control.loginServer(),
      version: '1.0',
    };
  }

  private nowSeconds(): number {
    return Math.floor(this.settings.now().getTime() / 1000);
  }
}
