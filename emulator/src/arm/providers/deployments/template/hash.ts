/**
 * The deterministic hashes ARM templates use, matching Azure's results:
 * - uniqueString(a, b, …): the arguments joined with '-', UTF-8, hashed with the 64-bit Murmur variant
 *   of Microsoft.WindowsAzure.ResourceStack (ComputeHash, seed 0), written as 13 base-32 characters
 *   (alphabet a-z2-7, 5 bits at a time from the top). Checked against values Azure returned:
 *   uniqueString('aaa') = 'zavj67f3en4hc', uniqueString('hello', 'world') = 'a7wkljktk6wne'.
 * - guid(a, b, …): an RFC 4122 version-5 UUID of the arguments joined with '-' in the namespace
 *   11fb06fb-712d-4ddd-98c7-e71bbd588830 (what Bicep/ARM and terraform's uuidv5 equivalents use).
 * - templateHash: the same 64-bit hash, as a decimal string, over the template's compact JSON in upper
 *   case (Azure's canonical form differs in details, so values are stable but not Azure's).
 */
import { createHash } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
const GUID_NAMESPACE = Buffer.from('11fb06fb712d4ddd98c7e71bbd588830', 'hex');

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;
const mul = (a: number, b: number): number => Math.imul(a, b) >>> 0;
const add = (a: number, b: number): number => (a + b) >>> 0;

function fmix(h: number): number {
  h = (h ^ (h >>> 16)) >>> 0;
  h = mul(h, 0x85ebca6b);
  h = (h ^ (h >>> 13)) >>> 0;
  h = mul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function littleEndian(data: Uint8Array, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value |= (data[at + i] as number) << (8 * i);
  return value >>> 0;
}

function mixK1(k: number): number {
  return mul(rotl(mul(k, 0x239b961b), 15), 0xab0e9789);
}

function mixK2(k: number): number {
  return mul(rotl(mul(k, 0xab0e9789), 17), 0x239b961b);
}

/** ResourceStack's ComputeHash: two interleaved 32-bit Murmur3-style lanes combined into 64 bits. */
export function computeHash64(data: Uint8Array): bigint {
  let h1 = 0;
  let h2 = 0;
  let i = 0;
  for (; i + 7 < data.length; i += 8) {
    h1 = (h1 ^ mixK1(littleEndian(data, i, 4))) >>> 0;
    h1 = add(mul(add(rotl(h1, 19), h2), 5), 0x561ccd1b);
    h2 = (h2 ^ mixK2(littleEndian(data, i + 4, 4))) >>> 0;
    h2 = add(mul(add(rotl(h2, 13), h1), 5), 0x0bcaa747);
  }
  const tail = data.length - i;
  if (tail > 0) {
    h1 = (h1 ^ mixK1(littleEndian(data, i, Math.min(tail, 4)))) >>> 0;
    if (tail > 4) h2 = (h2 ^ mixK2(littleEndian(data, i + 4, tail - 4))) >>> 0;
  }
  h1 = (h1 ^ data.length) >>> 0;
  h2 = (h2 ^ data.length) >>> 0;
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  return (BigInt(h2) << 32n) | BigInt(h1);
}

export function uniqueString(values: readonly string[]): string {
  let hash = computeHash64(Buffer.from(values.join('-'), 'utf8'));
  let out = '';
  for (let i = 0; i < 13; i++) {
    out += ALPHABET[Number(hash >> 59n)];
    hash = (hash << 5n) & 0xffffffffffffffffn;
  }
  return out;
}

export function templateGuid(values: readonly string[]): string {
  const digest = createHash('sha1').update(GUID_NAMESPACE).update(values.join('-'), 'utf8').digest();
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function templateHash(template: unknown): string {
  return computeHash64(Buffer.from(JSON.stringify(template).toUpperCase(), 'utf8')).toString();
}
