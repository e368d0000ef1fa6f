/**
 * A large deterministic blob that never exists in memory: an AES-256-CTR keystream (incompressible,
 * like a real compressed layer) produced in 1 MiB pieces. Hashing it is a first pass over the
 * stream; uploading it is a second one.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { Readable } from 'node:stream';

const PIECE = 1024 * 1024;
const KEY = Buffer.alloc(32, 7);
const IV = Buffer.alloc(16, 3);

/** `size` pseudo-random bytes, the same on every call. */
export function bigBlobStream(size: number): Readable {
  const cipher = createCipheriv('aes-256-ctr', KEY, IV);
  const zeros = Buffer.alloc(PIECE);
  let left = size;
  return new Readable({
    read() {
      if (left <= 0) {
        this.push(null);
        return;
      }
      const length = Math.min(PIECE, left);
      left -= length;
      this.push(cipher.update(length === PIECE ? zeros : zeros.subarray(0, length)));
    },
  });
}

export async function bigBlobDigest(size: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of bigBlobStream(size)) hash.update(piece as Buffer);
  return `sha256:${hash.digest('hex')}`;
}
