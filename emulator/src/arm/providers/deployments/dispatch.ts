/**
 * How the deployment engine acts on resources: as ARM's deployment service does, on behalf of the
 * caller. Each template resource is sent as an ordinary ARM request to this emulator's own ARM
 * endpoint, with the caller's bearer token and the deployment's correlation id, so it goes through the
 * same pipeline and handlers as a direct PUT (api-version checks, RBAC, locks, faults, request log,
 * data-plane listeners, child resources…). Long-running operations are awaited the way ARM clients
 * do: Azure-AsyncOperation status polling (then a final GET for PUT/PATCH), else Location polling.
 */
import { request } from 'node:https';
import type { ArmErrorDetail } from '../../errors.js';
import { INTERNAL_CALL_HEADER } from '../../pipeline.js';

export interface ArmReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A request the resource provider refused, or an operation that ended Failed/Canceled. */
export class DispatchError extends Error {
  constructor(
    readonly status: number,
    readonly error: ArmErrorDetail,
  ) {
    super(error.message);
  }
}

export interface CallerOptions {
  armUrl: string;
  caPem: string;
  /** The caller's Authorization header, forwarded as is. */
  authorization: string;
  correlationId: string;
  /** Upper bound for one resource's long-running operation. */
  timeoutMs?: number;
  /** ArmContext.internalCallSecret: marks these requests as ARM's own work (not throttled). */
  internalCallSecret: string;
}

export class ArmCaller {
  constructor(private readonly options: CallerOptions) {}

  /** One request; `pathOrUrl` is an ARM path (api-version added) or an absolute polling URL. */
  async send(method: string, pathOrUrl: string, apiVersion?: string, body?: unknown): Promise<ArmReply> {
    const url = pathOrUrl.startsWith('https://')
      ? pathOrUrl
      : `${this.options.armUrl}${encodePath(pathOrUrl)}?api-version=${encodeURIComponent(apiVersion ?? '')}`;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = {
      authorization: this.options.authorization,
      'x-ms-correlation-request-id': this.options.correlationId,
      [INTERNAL_CALL_HEADER]: this.options.internalCallSecret,
      ...(payload === undefined
        ? {}
        : { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) }),
    };
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.options.caPem }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** GET a resource; undefined when it does not exist (404). */
  async get(id: string, apiVersion: string): Promise<Record<string, unknown> | undefined> {
    const reply = await this.send('GET', id, apiVersion);
    if (reply.status === 404) return undefined;
    if (reply.status >= 400) throw new DispatchError(reply.status, errorOf(reply));
    return reply.body as Record<string, unknown>;
  }

  /** Sends a write and waits for its long-running operation; returns the initial status and the final body. */
  async execute(
    method: 'PUT' | 'PATCH' | 'DELETE' | 'POST',
    id: string,
    apiVersion: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const initial = await this.send(method, id, apiVersion, body);
    if (initial.status >= 400) throw new DispatchError(initial.status, errorOf(initial));
    const asyncUrl = headerOf(initial, 'azure-asyncoperation');
    const locationUrl = headerOf(initial, 'location');
    if (asyncUrl) {
      const final = await this.poll(asyncUrl, (reply) => {
        const status = String((reply.body as { status?: unknown } | undefined)?.status ?? '');
        if (/^(succeeded)$/i.test(status)) return 'done';
        if (/^(failed|canceled|cancelled)$/i.test(status)) return 'failed';
        return 'running';
      });
      if (final.outcome === 'failed')
        throw new DispatchError(final.reply.status >= 400 ? final.reply.status : 500, lroError(final.reply));
      if (method === 'PUT' || method === 'PATCH')
        return { status: initial.status, body: (await this.get(id, apiVersion)) ?? initial.body };
      return { status: initial.status, body: initial.body };
    }
    if (locationUrl && initial.status === 202) {
      const final = await this.poll(locationUrl, (reply) =>
        reply.status === 202 ? 'running' : reply.status >= 400 ? 'failed' : 'done',
      );
      if (final.outcome === 'failed') throw new DispatchError(final.reply.status, errorOf(final.reply));
      return { status: initial.status, body: final.reply.body };
    }
    return { status: initial.status, body: initial.body };
  }

  private async poll(
    url: string,
    classify: (reply: ArmReply) => 'running' | 'done' | 'failed',
  ): Promise<{ reply: ArmReply; outcome: 'done' | 'failed' }> {
    const deadline = Date.now() + (this.options.timeoutMs ?? 600_000);
    for (;;) {
      const reply = await this.send('GET', url);
      if (reply.status >= 400 && reply.status !== 404) return { reply, outcome: 'failed' };
      const state = classify(reply);
      if (state !== 'running') return { reply, outcome: state };
      if (Date.now() > deadline)
        throw new DispatchError(504, {
          code: 'ResourceDeploymentFailure',
          message: 'The resource operation did not complete in time.',
        });
      const retryAfter = Number(headerOf(reply, 'retry-after') ?? '0');
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(retryAfter * 1000, 5), 2000)));
    }
  }
}

function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function headerOf(reply: ArmReply, name: string): string | undefined {
  const value = reply.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function errorOf(reply: ArmReply): ArmErrorDetail {
  const body = reply.body as { error?: ArmErrorDetail; code?: string; message?: string } | undefined;
  if (body?.error?.code) return body.error;
  if (body?.code) return { code: body.code, message: body.message ?? '' };
  return {
    code: reply.status === 404 ? 'NotFound' : 'ResourceDeploymentFailure',
    message: `The resource provider answered HTTP ${reply.status}.`,
  };
}

function lroError(reply: ArmReply): ArmErrorDetail {
  const body = reply.body as { error?: ArmErrorDetail; status?: string } | undefined;
  return (
    body?.error ?? {
      code: 'ResourceDeploymentFailure',
      message: `The resource operation completed with terminal provisioning state '${body?.status ?? 'Failed'}'.`,
    }
  );
}
