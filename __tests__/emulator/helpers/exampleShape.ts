/**
 * Replaying the REST spec's examples (emulator/reference, copied from shared/reference) against the emulator: load an example, and
 * compare a response's shape with the documented one — same property names (recursively) and the
 * same JSON value types; values themselves may differ.
 *
 *   const example = loadArmExample('RegistryGet');
 *   expect(shapeDifferences(example.responses['200'].body, reply.body)).toEqual([]);
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ArmExample {
  title?: string;
  operationId?: string;
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown; headers?: Record<string, string> }>;
}

const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const REFERENCE_DIR = join(REPO_ROOT, 'emulator', 'reference');

/** An example of the ARM Microsoft.ContainerRegistry 2025-11-01 spec, by file name without .json. */
export function loadArmExample(name: string): ArmExample {
  const file = join(REFERENCE_DIR, 'arm-containerregistry', 'stable', '2025-11-01', 'examples', `${name}.json`);
  return JSON.parse(readFileSync(file, 'utf8')) as ArmExample;
}

export interface ShapeOptions {
  /** Accept properties the example does not show (default false: both sides must name the same keys). */
  allowExtra?: boolean;
}

/** Differences between the shapes of `expected` and `actual`, as readable paths; [] when they match. */
export function shapeDifferences(expected: unknown, actual: unknown, options: ShapeOptions = {}, path = '$'): string[] {
  const expectedType = typeOf(expected);
  const actualType = typeOf(actual);
  // The spec writes null for values the service leaves unset (e.g. "status": null): any type fits.
  if (expectedType === 'null') return [];
  if (expectedType !== actualType) return [`${path}: expected ${expectedType}, got ${actualType}`];
  if (expectedType === 'array') {
    const expectedItems = expected as unknown[];
    const actualItems = actual as unknown[];
    if (expectedItems.length === 0) return [];
    if (actualItems.length === 0) return [`${path}: expected a non-empty array`];
    return actualItems.flatMap((item, i) =>
      shapeDifferences(expectedItems[Math.min(i, expectedItems.length - 1)], item, options, `${path}[${i}]`),
    );
  }
  if (expectedType !== 'object') return [];
  const e = expected as Record<string, unknown>;
  const a = actual as Record<string, unknown>;
  const missing = Object.keys(e)
    .filter((k) => !(k in a))
    .map((k) => `${path}.${k}: missing`);
  const extra = options.allowExtra
    ? []
    : Object.keys(a)
        .filter((k) => !(k in e))
        .map((k) => `${path}.${k}: not in the example`);
  const nested = Object.keys(e)
    .filter((k) => k in a)
    .flatMap((k) => shapeDifferences(e[k], a[k], options, `${path}.${k}`));
  return [...missing, ...extra, ...nested];
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
