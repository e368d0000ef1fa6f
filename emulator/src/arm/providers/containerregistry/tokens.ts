/**
 * Microsoft.ContainerRegistry/registries/tokens: repository-scoped tokens bound to a scope map.
 * Password values exist only in emulator-internal data (`internal.passwords`, the convention
 * registryControl.ts reads to authorize data-plane access); they are created by POST
 * generateCredentials (tokenPasswords.ts) and shown once. GET returns each password's name, creation
 * time and expiry, never its value. Certificates (public material) are kept with their expiry and
 * thumbprint computed from the PEM, as in TokenCreate.json. A PATCH listing passwords keeps only those (how
 * `az acr token credential delete` removes one).
 */
import { X509Certificate } from 'node:crypto';
import { ArmError } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import type { StoredResource } from '../../store.js';
import { SCOPE_MAPS, ensureBuiltInScopeMaps } from './scopeMaps.js';
import { asObject, childRoutes, propertiesOf, requireSibling, type Body, type ChildKind } from './children.js';
import { childPatch, childPut, startPatch, startPut } from './childWrites.js';

export const TOKENS: ChildKind = { segment: 'tokens', param: 'tokenName', namePattern: /^[a-zA-Z0-9-]*$/ };

/** One stored password (internal only). */
export interface TokenPasswordRecord {
  name: 'password1' | 'password2';
  value: string;
  creationTime: string;
  expiry?: string;
}

export function tokenRoutes(): ArmRoute[] {
  return childRoutes(TOKENS, { create, update });
}

export function storedPasswords(token: StoredResource): TokenPasswordRecord[] {
  return (token.internal.passwords as TokenPasswordRecord[] | undefined) ?? [];
}

/** The `credentials` a GET shows for these passwords and certificates (absent when both are empty). */
export function credentialsView(
  passwords: readonly TokenPasswordRecord[],
  certificates: readonly Body[],
): Body | undefined {
  if (passwords.length === 0 && certificates.length === 0) return undefined;
  const shown = passwords.map((p) => ({
    creationTime: p.creationTime,
    ...(p.expiry ? { expiry: p.expiry } : {}),
    name: p.name,
  }));
  return { ...(certificates.length > 0 ? { certificates } : {}), ...(shown.length > 0 ? { passwords: shown } : {}) };
}

/** Replaces a token's stored passwords and the credentials its GET shows. */
export function setTokenPasswords(ctx: ArmContext, token: StoredResource, passwords: TokenPasswordRecord[]): void {
  ctx.store.update(token.id, (r) => {
    const properties = propertiesOf(r);
    const certificates = (asObject(properties.credentials).certificates as Body[] | undefined) ?? [];
    const credentials = credentialsView(passwords, certificates);
    if (credentials) properties.credentials = credentials;
    else delete properties.credentials;
    r.body = { ...r.body, properties };
    r.internal = { ...r.internal, passwords };
  });
}

function create(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const put = childPut(req, ctx, TOKENS);
  const { registry, existing, props } = put;
  const passwords = existing ? keepListed(storedPasswords(existing), props.credentials) : [];
  const certificates = certificatesOf(asObject(props.credentials).certificates);
  const credentials = credentialsView(passwords, certificates);
  const properties: Body = {
    creationDate: existing ? propertiesOf(existing).creationDate : new Date().toISOString(),
    scopeMapId: requireScopeMap(ctx, registry, props.scopeMapId),
    status: props.status === 'disabled' ? 'disabled' : 'enabled',
    ...(credentials ? { credentials } : {}),
  };
  return startPut(put, { properties, internal: { ...(existing?.internal ?? {}), passwords } });
}

function update(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const patch = childPatch(req, ctx, TOKENS);
  const { registry, child, props } = patch;
  const properties = propertiesOf(child);
  if (props.scopeMapId !== undefined) properties.scopeMapId = requireScopeMap(ctx, registry, props.scopeMapId);
  if (props.status === 'enabled' || props.status === 'disabled') properties.status = props.status;
  let passwords = storedPasswords(child);
  let certificates = (asObject(properties.credentials).certificates as Body[] | undefined) ?? [];
  if (props.credentials !== undefined) {
    passwords = keepListed(passwords, props.credentials);
    const given = asObject(props.credentials).certificates;
    if (given !== undefined) certificates = certificatesOf(given);
  }
  const credentials = credentialsView(passwords, certificates);
  if (credentials) properties.credentials = credentials;
  else delete properties.credentials;
  return startPatch(patch, { body: { ...child.body, properties }, internal: { ...child.internal, passwords } });
}

/** A scope map of this registry (system-defined ones included), by resource id. */
function requireScopeMap(ctx: ArmContext, registry: StoredResource, value: unknown): string {
  if (typeof value !== 'string' || value === '')
    throw new ArmError(
      400,
      'InvalidParameter',
      'The token must reference a scope map: properties.scopeMapId is required.',
    );
  ensureBuiltInScopeMaps(ctx, registry);
  return requireSibling(ctx, registry, SCOPE_MAPS, value, 'scope map').id;
}

/** Keeps the stored passwords the request lists by name (all when it lists none). */
function keepListed(passwords: readonly TokenPasswordRecord[], credentials: unknown): TokenPasswordRecord[] {
  const listed = asObject(credentials).passwords;
  if (!Array.isArray(listed)) return [...passwords];
  const names = new Set(listed.map((p) => asObject(p).name));
  return passwords.filter((p) => names.has(p.name));
}

/** Certificates as ACR shows them: name, expiry and thumbprint taken from the PEM. */
function certificatesOf(value: unknown): Body[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw) => {
    const cert = asObject(raw);
    const name = typeof cert.name === 'string' ? cert.name : 'certificate1';
    const encoded = typeof cert.encodedPemCertificate === 'string' ? cert.encodedPemCertificate : '';
    try {
      const parsed = new X509Certificate(Buffer.from(encoded, 'base64'));
      return {
        name,
        expiry: new Date(parsed.validTo).toISOString(),
        thumbprint: parsed.fingerprint.replace(/:/g, '').toLowerCase(),
        encodedPemCertificate: encoded,
      };
    } catch {
      throw new ArmError(400, 'InvalidParameter', `The certificate '${name}' is not a base64-encoded PEM certificate.`);
    }
  });
}
