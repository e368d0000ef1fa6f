/**
 * RSA signing keys for the token issuers (Entra and the fake OIDC issuers), persisted in the state
 * directory so tokens issued before a restart still verify after it.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** The public key as a JWK with kid/use/alg, as served from a jwks_uri. */
  jwk: JsonWebKey & { kid: string; use: string; alg: string };
}

export function loadOrCreateSigningKey(stateDir: string, name: string): SigningKey {
  const dir = join(stateDir, 'keys');
  const file = join(dir, `${name}.pem`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  }
  const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: 'spki', format: 'der' });
  // Entra's kids look like base64url SHA-1 thumbprints; any stable, URL-safe value works for clients.
  const kid = createHash('sha1').update(der).digest('base64url');
  const jwk = { ...(publicKey.export({ format: 'jwk' }) as JsonWebKey), kid, use: 'sig', alg: 'RS256' };
  return { kid, privateKey, publicKey, jwk };
}
