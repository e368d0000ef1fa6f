/**
 * Identifiers: deterministic ones derived from the emulator's seed (so a scenario always produces the
 * same tenant, subscription and principals) and random ones for request ids.
 */
import { createHash, randomUUID } from 'node:crypto';

/** A UUID-shaped identifier derived from a seed and a name; the same inputs always give the same id. */
export function deterministicUuid(seed: string, name: string): string {
  const hex = createHash('sha256').update(`${seed}\u0000${name}`).digest('hex');
  // Version 5 layout (name-based) so the value is a well-formed UUID that validators accept.
  const variant = ((parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** A secret-looking string (base64url, 40 chars) derived from a seed and a name. */
export function deterministicSecret(seed: string, name: string): string {
  return createHash('sha256').update(`secret\u0000${seed}\u0000${name}`).digest('base64url').slice(0, 40);
}

export function randomId(): string {
  return randomUUID();
}
