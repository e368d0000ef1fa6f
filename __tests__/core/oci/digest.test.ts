import { randomBytes } from 'node:crypto';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DigestVerifier, RunningDigest, verifyBytes } from '../../../src/core/oci/digest.js';
import { sha256Digest } from '../../../src/core/oci/names.js';

const data = randomBytes(100_000);
const digest = sha256Digest(data);

async function drain(source: Buffer, verifier: DigestVerifier): Promise<{ bytes: number; ended: boolean }> {
  let bytes = 0;
  let ended = false;
  const chunks = Array.from({ length: Math.ceil(source.length / 4096) }, (_, i) =>
    source.subarray(i * 4096, (i + 1) * 4096),
  );
  const sink = new Writable({
    write: (c: Buffer, _e, cb) => ((bytes += c.length), cb()),
    final: (cb) => ((ended = true), cb()),
  });
  try {
    await pipeline(Readable.from(chunks), verifier, sink);
  } finally {
    // report what the sink saw even when the pipeline failed
  }
  return { bytes, ended };
}

describe('DigestVerifier', () => {
  it('passes matching data through', async () => {
    const verifier = new DigestVerifier('blob', digest, data.length);
    await expect(drain(data, verifier)).resolves.toEqual({ bytes: data.length, ended: true });
    expect(verifier.bytesSeen).toBe(data.length);
  });

  it('fails at the end, before the consumer finishes, on a one-bit change', async () => {
    const bad = Buffer.from(data);
    bad[50_000] ^= 4;
    const verifier = new DigestVerifier('blob app@x', digest);
    const error = await drain(bad, verifier).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(
        /^blob app@x: content digest sha256:[0-9a-f]{64} does not match the expected sha256:/,
      ),
    });
  });

  it('fails on too many or too few bytes', async () => {
    await expect(drain(data, new DigestVerifier('blob', digest, data.length - 1))).rejects.toMatchObject({
      message: expect.stringMatching(/expected 99999/),
    });
    await expect(drain(data.subarray(0, 10), new DigestVerifier('blob', digest, data.length))).rejects.toMatchObject({
      message: expect.stringMatching(/received 10 bytes/),
    });
  });

  it('refuses a malformed expected digest up front', () => {
    expect(() => new DigestVerifier('blob', 'sha256:nope')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});

describe('verifyBytes and RunningDigest', () => {
  it('check whole buffers and incremental hashes', () => {
    expect(() => verifyBytes('m', data, digest)).not.toThrow();
    expect(() => verifyBytes('m', data.subarray(1), digest)).toThrow(expect.objectContaining({ code: 'REMOTE_ERROR' }));
    const running = new RunningDigest();
    running.update(data.subarray(0, 10));
    running.update(data.subarray(10));
    expect([running.digest(), running.size]).toEqual([digest, data.length]);
  });
});
