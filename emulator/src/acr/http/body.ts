/** Reading small request bodies (forms, JSON, manifests) with a hard size cap. */
import type { IncomingMessage } from 'node:http';
import { RegistryError } from './errors.js';

/** Collects the body; throws `tooLarge()` (after draining) once it exceeds `limit` bytes. */
export async function readBody(req: IncomingMessage, limit: number, tooLarge: () => RegistryError): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  let exceeded = false;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    total += buffer.length;
    if (total > limit) exceeded = true;
    if (!exceeded) chunks.push(buffer);
  }
  if (exceeded) throw tooLarge();
  return Buffer.concat(chunks);
}

const FORM_LIMIT = 64 * 1024;

/** An application/x-www-form-urlencoded body (token endpoints). */
export async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const body = await readBody(
    req,
    FORM_LIMIT,
    () => new RegistryError('UNSUPPORTED', { status: 413, message: 'form too large' }),
  );
  return new URLSearchParams(body.toString('utf8'));
}

const JSON_LIMIT = 64 * 1024;

/** A small JSON object body (attribute PATCH); an empty body is an empty object. */
export async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(
    req,
    JSON_LIMIT,
    () => new RegistryError('UNSUPPORTED', { status: 413, message: 'body too large' }),
  );
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    throw new RegistryError('UNSUPPORTED', { status: 400, message: 'request body is not valid JSON' });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RegistryError('UNSUPPORTED', { status: 400, message: 'request body must be a JSON object' });
  }
  return value as Record<string, unknown>;
}
