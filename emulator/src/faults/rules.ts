/**
 * Fault rules: which requests a fault applies to, how often it fires, and what it does.
 * Written as JSON (`--faults FILE`, POST /_emulator/faults) or built in code.
 *
 * Operation kinds (what `kind` matches; `*` is a wildcard, e.g. `arm:*`, `acr:blob-*`):
 *   entra:token, entra:discovery, oidc:github, oidc:ado            identity endpoints
 *   arm:read, arm:write, arm:delete, arm:action (POST)             every ARM request, by method
 *   arm:lro                                                        consulted once per long-running operation
 *   acr:* (acr:import, acr:blob-get, …)                            data plane and import, see emulator/README.md
 */
import type { FaultAction } from '../shared/contract.js';

/** How a throttling answer tells the client when to come back. */
export interface RetryAfterSpec {
  form: 'seconds' | 'http-date' | 'retry-after-ms' | 'x-ms-retry-after-ms' | 'none';
  /** Wait in seconds (forms seconds and http-date). Default 1. */
  seconds?: number;
  /** Wait in milliseconds (forms retry-after-ms and x-ms-retry-after-ms). Default 1000. */
  ms?: number;
}

export interface FaultRule {
  /** Name shown in GET /_emulator/faults; defaults to rule-<index>. */
  id?: string;
  /** Operation kind, exact or with `*` wildcards. */
  kind: string;
  /** Only requests with this HTTP method. */
  method?: string;
  /** Only requests whose path (with query) matches this regular expression. */
  path?: string;
  /** Chance to fire for each matching request, 0..1 (default 1), drawn from the seeded generator. */
  probability?: number;
  /** Let the first N matching requests through untouched. */
  skip?: number;
  /** Fire on every nth matching request only (n, 2n, 3n, …, counted after `skip`). */
  everyNth?: number;
  /** Fire at most this many times in total (a burst of N failures), then stay quiet. */
  count?: number;
  /** What to do when it fires. */
  action: FaultAction;
  /** Adds a Retry-After in the given form to the answer (typically with status 429 or 503). */
  retryAfter?: RetryAfterSpec;
}

export class FaultRuleError extends Error {}

const RETRY_FORMS = new Set(['seconds', 'http-date', 'retry-after-ms', 'x-ms-retry-after-ms', 'none']);

/** Validates rules read from JSON; throws FaultRuleError naming the first problem. */
export function parseFaultRules(input: unknown): FaultRule[] {
  const list = Array.isArray(input) ? input : (input as { rules?: unknown })?.rules;
  if (!Array.isArray(list)) throw new FaultRuleError('fault rules must be an array or { "rules": [...] }');
  return list.map((raw, index) => validateRule(raw, index));
}

function validateRule(raw: unknown, index: number): FaultRule {
  const where = `fault rule ${index}`;
  if (typeof raw !== 'object' || raw === null) throw new FaultRuleError(`${where} is not an object`);
  const rule = raw as FaultRule;
  if (typeof rule.kind !== 'string' || rule.kind === '') throw new FaultRuleError(`${where}: "kind" is required`);
  if (typeof rule.action !== 'object' || rule.action === null) {
    throw new FaultRuleError(`${where}: "action" is required`);
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new FaultRuleError(`${where}: "probability" must be between 0 and 1`);
  }
  for (const field of ['skip', 'everyNth', 'count'] as const) {
    const value = rule[field];
    if (value !== undefined && !(Number.isInteger(value) && value >= (field === 'everyNth' ? 1 : 0))) {
      throw new FaultRuleError(`${where}: "${field}" must be a non-negative integer`);
    }
  }
  if (rule.path !== undefined) {
    try {
      new RegExp(rule.path);
    } catch {
      throw new FaultRuleError(`${where}: "path" is not a valid regular expression`);
    }
  }
  if (rule.retryAfter !== undefined && !RETRY_FORMS.has(rule.retryAfter.form)) {
    throw new FaultRuleError(`${where}: "retryAfter.form" must be one of ${[...RETRY_FORMS].join(', ')}`);
  }
  return rule;
}

/** Headers for a Retry-After spec, computed when the fault fires (an HTTP date is relative to now). */
export function retryAfterHeaders(spec: RetryAfterSpec | undefined, now = Date.now()): Record<string, string> {
  if (!spec) return {};
  const seconds = spec.seconds ?? 1;
  const ms = spec.ms ?? 1000;
  switch (spec.form) {
    case 'seconds':
      return { 'retry-after': String(seconds) };
    case 'http-date':
      return { 'retry-after': new Date(now + seconds * 1000).toUTCString() };
    case 'retry-after-ms':
      return { 'retry-after-ms': String(ms) };
    case 'x-ms-retry-after-ms':
      return { 'x-ms-retry-after-ms': String(ms) };
    case 'none':
      return {};
  }
}

/** `*` matches any run of characters; everything else literally. */
export function kindMatches(pattern: string, kind: string): boolean {
  if (pattern === kind || pattern === '*') return true;
  if (!pattern.includes('*')) return false;
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegex).join('.*')}$`);
  return regex.test(kind);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
