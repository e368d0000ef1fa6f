import { createHash } from 'node:crypto';

/** Only sha256 is stored; it is what ACR and every client in this project use. */
const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export function isSha256Digest(value: string): boolean {
  return SHA256_DIGEST.test(value);
}

/** Anything shaped like `<algorithm>:<encoded>`; tags never contain a colon. */
export function looksLikeDigest(reference: string): boolean {
  return reference.includes(':');
}

export function digestHex(digest: string): string {
  if (!isSha256Digest(digest)) throw new Error(`not a sha256 digest: ${JSON.stringify(digest)}`);
  return digest.slice('sha256:'.length);
}
