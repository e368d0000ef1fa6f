import type { AccessToken } from '@azure/core-auth';
import type { AzureConnection } from '../azure/clients.js';
import { USER_AGENT_PREFIX } from '../azure/clients.js';
import { RelocationError } from '../errors.js';
import { header, readBody, Transport } from '../oci/transport.js';
import { DEFAULT_RETRY_POLICY, realTiming, sendWithRetry, type Timing } from '../oci/retry.js';

/**
 * A narrow JSON client for the Resource Manager operations no pinned SDK offers: template
 * deployments (validate, what-if, create) moved out of @azure/arm-resources 7 into a package that
 * needs Node 22. Requests carry the run's Entra token; 429 and 5xx are retried with Retry-After
 * (capped); long-running operations are polled as ARM describes them (Azure-AsyncOperation, else
 * Location), each with a deadline.
 */

export interface ArmReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface ArmClientOptions {
  /** Poll interval when ARM gives no Retry-After; Retry-After is honoured between `minPollMs` and 60 s. */
  pollIntervalMs?: number;
  minPollMs?: number;
  timing?: Timing;
}

const MAX_BODY = 32 * 1024 * 1024;
const TOKEN_REFRESH_MARGIN_MS = 120_000;

export class ArmClient {
  private readonly transport = new Transport({ userAgent: USER_AGENT_PREFIX, timeoutMs: 120_000 });
  private token: AccessToken | null = null;
  private readonly timing: Timing;

  constructor(
    private readonly connection: AzureConnection,
    private readonly options: ArmClientOptions = {},
  ) {
    this.timing = options.timing ?? realTiming;
  }

  /** One request: `target` is an ARM path (api-version added) or an absolute URL ARM handed out. */
  async send(method: string, target: string, apiVersion?: string, body?: unknown): Promise<ArmReply> {
    const url = this.urlOf(target, apiVersion);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const authorization = `Bearer ${await this.accessToken()}`;
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (payload) headers['content-type'] = 'application/json';
    const response = await sendWithRetry(
      () => this.transport.send({ method, url, headers, body: payload }),
      DEFAULT_RETRY_POLICY,
      this.timing,
    );
    const text = (await readBody(response, MAX_BODY, `${method} ${url.pathname}`)).toString('utf8');
    return { status: response.status, headers: response.headers, body: parseJson(text) };
  }

  /**
   * Wait for a long-running operation started by `initial`: poll Azure-AsyncOperation until a
   * terminal status, or Location until it stops answering 202. Returns the last status reply.
   */
  async waitFor(initial: ArmReply, what: string, deadlineMs: number): Promise<ArmReply> {
    const asyncUrl = header(initial.headers, 'azure-asyncoperation');
    const locationUrl = header(initial.headers, 'location');
    if (!asyncUrl && !(locationUrl && initial.status === 202)) return initial;
    const deadline = this.timing.now() + deadlineMs;
    let reply = initial;
    for (;;) {
      if (this.timing.now() > deadline) {
        throw new RelocationError(
          'REMOTE_ERROR',
          `${what} did not finish within ${Math.round(deadlineMs / 60000)} minutes.`,
          'Run the command again: it picks up the result (Azure keeps running the operation).',
        );
      }
      await this.timing.sleep(this.waitMs(reply));
      reply = await this.send('GET', asyncUrl ?? (locationUrl as string));
      if (asyncUrl ? isTerminal(reply) : reply.status !== 202) return reply;
    }
  }

  close(): void {
    this.transport.close();
  }

  private urlOf(target: string, apiVersion: string | undefined): URL {
    if (/^https:\/\//i.test(target)) {
      const url = new URL(target);
      const arm = new URL(this.connection.cloud.armEndpoint);
      if (url.host !== arm.host) {
        throw new RelocationError(
          'REMOTE_ERROR',
          `Resource Manager pointed at ${url.host}, which is not ${arm.host}.`,
          'This is unexpected; report it.',
        );
      }
      return url;
    }
    const base = this.connection.cloud.armEndpoint.replace(/\/$/, '');
    const url = new URL(`${base}${target.split('/').map(encodeURIComponent).join('/')}`);
    if (apiVersion) url.searchParams.set('api-version', apiVersion);
    return url;
  }

  private async accessToken(): Promise<string> {
    if (!this.token || this.token.expiresOnTimestamp - TOKEN_REFRESH_MARGIN_MS < this.timing.now()) {
      this.token = await this.connection.credential.getToken(this.connection.cloud.armScope);
      if (!this.token)
        throw new RelocationError(
          'AUTH_FAILED',
          'The credential returned no token for Resource Manager.',
          'Check the sign-in configuration.',
        );
    }
    return this.token.token;
  }

  private waitMs(reply: ArmReply): number {
    const minimum = this.options.minPollMs ?? 50;
    const asked = Number(header(reply.headers, 'retry-after'));
    if (Number.isFinite(asked) && header(reply.headers, 'retry-after') !== undefined) {
      return Math.min(Math.max(asked * 1000, minimum), 60_000);
    }
    return this.options.pollIntervalMs ?? 5000;
  }
}

function isTerminal(reply: ArmReply): boolean {
  if (reply.status >= 400) return true;
  const status = String((reply.body as { status?: unknown } | undefined)?.status ?? '');
  return /^(succeeded|failed|canceled|cancelled)$/i.test(status);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** ARM's error body, `{ error: { code, message, details } }` (or the bare `{ code, message }`). */
export interface ArmErrorBody {
  code?: string;
  message?: string;
  target?: string;
  details?: ArmErrorBody[];
}

export function armErrorOf(body: unknown): ArmErrorBody | undefined {
  const object = body as { error?: ArmErrorBody; code?: string; message?: string } | undefined;
  if (object?.error && typeof object.error === 'object') return object.error;
  if (object && typeof object === 'object' && typeof object.code === 'string') return object as ArmErrorBody;
  return undefined;
}
