/**
 * Pushes a generated artifact to a plain distribution registry (docker-registry) over http or https,
 * with optional Basic credentials (htpasswd): POST + PUT uploads, manifests children first, then tags.
 * The seed client (emulator/src/seed/oci-client.ts) speaks only HTTPS with Bearer challenges.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { GeneratedArtifact } from '../../../../emulator/src/seed/images.js';

export interface PushTarget {
  /** http://127.0.0.1:PORT or https://127.0.0.1:PORT */
  url: string;
  ca?: string;
  credentials?: { username: string; password: string };
}

interface Reply {
  status: number;
  location?: string;
}

function send(target: PushTarget, method: string, path: string, body?: Buffer, contentType?: string): Promise<Reply> {
  const url = new URL(path, target.url);
  const headers: Record<string, string> = { 'Content-Length': String(body?.length ?? 0) };
  if (contentType) headers['Content-Type'] = contentType;
  if (target.credentials)
    headers.Authorization = `Basic ${Buffer.from(`${target.credentials.username}:${target.credentials.password}`).toString('base64')}`;
  const secure = url.protocol === 'https:';
  const call = secure ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = call(url, { method, headers, ...(secure && target.ca ? { ca: target.ca } : {}) }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
        }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function expectStatus(reply: Reply, status: number, what: string): Reply {
  if (reply.status !== status) throw new Error(`${what}: HTTP ${reply.status}, expected ${status}`);
  return reply;
}

export async function pushToDistribution(
  target: PushTarget,
  repository: string,
  artifact: GeneratedArtifact,
  tags: readonly string[],
): Promise<void> {
  for (const blob of artifact.blobs) {
    const started = expectStatus(await send(target, 'POST', `/v2/${repository}/blobs/uploads/`), 202, 'upload start');
    const location = new URL(started.location ?? '', target.url);
    location.searchParams.set('digest', blob.digest);
    expectStatus(
      await send(target, 'PUT', `${location.pathname}${location.search}`, blob.data, 'application/octet-stream'),
      201,
      `blob ${blob.digest}`,
    );
  }
  for (const manifest of artifact.manifests) {
    if (manifest.digest === artifact.root.digest) continue;
    expectStatus(
      await send(target, 'PUT', `/v2/${repository}/manifests/${manifest.digest}`, manifest.bytes, manifest.mediaType),
      201,
      `manifest ${manifest.digest}`,
    );
  }
  for (const tag of tags) {
    expectStatus(
      await send(target, 'PUT', `/v2/${repository}/manifests/${tag}`, artifact.root.bytes, artifact.root.mediaType),
      201,
      `tag ${tag}`,
    );
  }
}
