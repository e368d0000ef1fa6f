/** Small HTTP helpers shared by every emulator service: body reading and response writing. */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body any emulator endpoint accepts (ARM bodies are small; blobs go to the data plane). */
const DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

export class BodyTooLargeError extends Error {}

export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError(`request body larger than ${limit} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The request's path and query, parsed against a dummy origin (only the path matters). */
export function requestUrl(req: IncomingMessage): URL {
  // Concatenate instead of resolving: a path starting with // (an SDK's /{scope} with scope
  // /subscriptions/…) would otherwise parse as a protocol-relative URL with host "subscriptions".
  return new URL(`https://emulator.invalid${req.url ?? '/'}`);
}

/** Value of a header that may be repeated, as one string (first value). */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
