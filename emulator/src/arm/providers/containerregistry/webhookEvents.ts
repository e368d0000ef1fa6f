/**
 * Webhook events: what ping records and what listEvents returns (shaped like WebhookListEvents.json).
 * A ping really is POSTed to the webhook's service URI (a test's local receiver, typically), in the
 * background; the event is recorded at once and its eventResponseMessage filled in when the receiver
 * answers (or with the connection error). Custom header values are secrets: recorded events show them
 * masked, as the examples do. The data plane exposes no push/delete hook, so only pings are recorded.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { ArmContext } from '../../provider.js';
import type { StoredResource } from '../../store.js';

export interface WebhookEvent {
  id: string;
  eventRequestMessage: Record<string, unknown>;
  eventResponseMessage: Record<string, unknown>;
}

/** A webhook's stored internal data. */
export interface WebhookSecrets {
  serviceUri: string;
  customHeaders?: Record<string, string>;
  events?: WebhookEvent[];
}

const MAX_EVENTS = 100;
const DELIVERY_TIMEOUT_MS = 5000;
const MAX_RESPONSE_TEXT = 4096;

export function recordedEvents(webhook: StoredResource): WebhookEvent[] {
  return (webhook.internal.events as WebhookEvent[] | undefined) ?? [];
}

/** Records a ping event, starts delivering it, and returns its id. */
export function pingWebhook(ctx: ArmContext, webhook: StoredResource): string {
  const webhookId = webhook.id;
  const secrets = webhook.internal as unknown as WebhookSecrets;
  const id = randomUUID();
  const content = { id, timestamp: new Date().toISOString(), action: 'ping' };
  const payload = Buffer.from(JSON.stringify(content));
  const custom = secrets.customHeaders ?? {};
  const headers = { 'Content-Type': 'application/json', 'Content-Length': String(payload.length) };
  const masked = Object.fromEntries(Object.keys(custom).map((name) => [name, '******']));
  const event: WebhookEvent = {
    id,
    eventRequestMessage: {
      content,
      headers: { ...headers, ...masked },
      method: 'POST',
      requestUri: secrets.serviceUri,
      version: '1.1',
    },
    eventResponseMessage: {},
  };
  ctx.store.update(webhookId, (r) => {
    r.internal = { ...r.internal, events: [event, ...recordedEvents(r)].slice(0, MAX_EVENTS) };
  });
  void deliver(secrets.serviceUri, payload, { ...headers, ...custom }).then((response) =>
    ctx.store.update(webhookId, (r) => {
      r.internal = {
        ...r.internal,
        events: recordedEvents(r).map((e) => (e.id === id ? { ...e, eventResponseMessage: response } : e)),
      };
    }),
  );
  return id;
}

/** POSTs the event; resolves with ACR's eventResponseMessage shape (never rejects). */
function deliver(uri: string, payload: Buffer, headers: Record<string, string>): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const send = uri.startsWith('https:') ? httpsRequest : httpRequest;
    const req = send(uri, { method: 'POST', headers, timeout: DELIVERY_TIMEOUT_MS }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= MAX_RESPONSE_TEXT) chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({
          content: Buffer.concat(chunks).toString('utf8'),
          headers: flatHeaders(res),
          reasonPhrase: res.statusMessage ?? '',
          statusCode: String(res.statusCode ?? 0),
          version: res.httpVersion,
        }),
      );
      res.on('error', (err) => resolve(failure(err)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${DELIVERY_TIMEOUT_MS} ms`)));
    req.on('error', (err) => resolve(failure(err)));
    req.end(payload);
  });
}

function failure(err: Error): Record<string, unknown> {
  return {
    content: err.message,
    headers: {},
    reasonPhrase: (err as NodeJS.ErrnoException).code ?? 'Error',
    statusCode: '0',
    version: '1.1',
  };
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
