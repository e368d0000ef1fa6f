/**
 * Run-time control of the emulator over HTTPS on the ARM port (no authentication: loopback only).
 *   GET    /_emulator/info                      endpoints and identities (same as the CLI's JSON line)
 *   GET    /_emulator/requests?service=&afterSeq=&method=&pathIncludes=&kind=   the request log
 *   DELETE /_emulator/requests                  clear it
 *   GET    /_emulator/faults                    rules with matched/fired counters
 *   POST   /_emulator/faults                    { "rules": [...], "replace"?: true } add (or replace) rules
 *   DELETE /_emulator/faults                    remove every rule
 *   GET    /_emulator/throttling                current limits
 *   POST   /_emulator/throttling                { "enabled"?, "reads"?, "writes"?, "deletes"? }
 *   POST   /_emulator/settings                  { "rbac"?, "tokenLifetimeSeconds"?, "lroDurationMs"?, "lroRetryAfterSeconds"?, "pageSize"? }
 * Errors use the ARM error format.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, requestUrl, sendEmpty, sendJson } from '../http/io.js';
import type { RequestLog } from '../http/requestLog.js';
import type { FaultEngine } from '../faults/engine.js';
import { FaultRuleError, parseFaultRules } from '../faults/rules.js';
import type { Throttle, ThrottlingConfig } from './throttle.js';

export interface EmulatorSettings {
  rbac?: boolean;
  tokenLifetimeSeconds?: number;
  lroDurationMs?: number;
  lroRetryAfterSeconds?: number | null;
  pageSize?: number;
}

export interface AdminTarget {
  requests: RequestLog;
  faults: FaultEngine;
  throttle(): Throttle;
  info(): unknown;
  applySettings(settings: EmulatorSettings): void;
}

export function createAdminHandler(
  target: AdminTarget,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const url = requestUrl(req);
    const route = `${req.method ?? 'GET'} ${url.pathname.replace(/\/$/, '')}`;
    try {
      switch (route) {
        case 'GET /_emulator/info':
          sendJson(res, 200, target.info());
          return true;
        case 'GET /_emulator/requests':
          sendJson(res, 200, { entries: target.requests.list(logQuery(url.searchParams)) });
          return true;
        case 'DELETE /_emulator/requests':
          target.requests.clear();
          sendEmpty(res, 204);
          return true;
        case 'GET /_emulator/faults':
          sendJson(res, 200, { rules: target.faults.status() });
          return true;
        case 'POST /_emulator/faults': {
          const body = await jsonBody(req);
          const rules = parseFaultRules(body);
          if ((body as { replace?: unknown }).replace === true) target.faults.set(rules);
          else target.faults.add(rules);
          sendJson(res, 200, { rules: target.faults.status() });
          return true;
        }
        case 'DELETE /_emulator/faults':
          target.faults.clear();
          sendEmpty(res, 204);
          return true;
        case 'GET /_emulator/throttling':
          sendJson(res, 200, target.throttle().settings);
          return true;
        case 'POST /_emulator/throttling':
          target.throttle().configure((await jsonBody(req)) as Partial<ThrottlingConfig>);
          sendJson(res, 200, target.throttle().settings);
          return true;
        case 'POST /_emulator/settings':
          target.applySettings((await jsonBody(req)) as EmulatorSettings);
          sendEmpty(res, 204);
          return true;
        default:
          return false;
      }
    } catch (err) {
      const message = err instanceof FaultRuleError || err instanceof SyntaxError ? err.message : String(err);
      sendJson(res, 400, { error: { code: 'InvalidRequestContent', message } });
      return true;
    }
  };
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const text = (await readBody(req)).toString('utf8');
  return text.trim() === '' ? {} : (JSON.parse(text) as unknown);
}

function logQuery(params: URLSearchParams) {
  const afterSeq = params.get('afterSeq');
  return {
    service: params.get('service') ?? undefined,
    afterSeq: afterSeq === null ? undefined : Number(afterSeq),
    method: params.get('method') ?? undefined,
    pathIncludes: params.get('pathIncludes') ?? undefined,
    kind: params.get('kind') ?? undefined,
  };
}
