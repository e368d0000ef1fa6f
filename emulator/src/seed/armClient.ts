/**
 * A minimal ARM client for seed scenarios: the main service principal's token from the emulator's own
 * Entra endpoint, JSON requests, and waiting for long-running operations. It goes through the real
 * ARM pipeline, so seeded state passes the same validation as anything a test creates.
 */
import { request } from 'node:https';

export interface ArmClientOptions {
  armUrl: string;
  authorityHost: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  caPem: string;
}

export interface ArmReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export class SeedArmClient {
  private token?: { value: string; expiresAt: number };

  constructor(private readonly options: ArmClientOptions) {}

  /** Sends a request; throws on an error status. A long-running operation is awaited. */
  async send(method: string, path: string, apiVersion: string, body?: unknown): Promise<unknown> {
    const url = `${this.options.armUrl}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
    let reply = await this.call(method, url, body);
    if (reply.status >= 400)
      throw new Error(`seed: ${method} ${path} failed with ${reply.status}: ${JSON.stringify(reply.body)}`);
    const asyncUrl = reply.headers['azure-asyncoperation'] as string | undefined;
    const locationUrl = reply.headers['location'] as string | undefined;
    if (asyncUrl) {
      await this.waitFor(
        async () => ((await this.call('GET', asyncUrl)).body as { status?: string }).status ?? 'Failed',
      );
      if (method === 'PUT' || method === 'PATCH') reply = await this.call('GET', url);
    } else if (locationUrl && reply.status === 202) {
      await this.waitFor(async () => {
        const poll = await this.call('GET', locationUrl);
        reply = poll;
        return poll.status === 202 ? 'InProgress' : poll.status < 300 ? 'Succeeded' : 'Failed';
      });
    }
    return reply.body;
  }

  private async waitFor(status: () => Promise<string>): Promise<void> {
    for (let attempt = 0; attempt < 2000; attempt++) {
      const current = await status();
      if (current === 'Succeeded') return;
      if (current === 'Failed' || current === 'Canceled')
        throw new Error(`seed: long-running operation ended ${current}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error('seed: long-running operation did not finish');
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 60_000) return this.token.value;
    const { authorityHost, tenantId, clientId, clientSecret, armUrl } = this.options;
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      scope: `${armUrl}/.default`,
    });
    const reply = await this.raw('POST', `${authorityHost}/${tenantId}/oauth2/v2.0/token`, form.toString(), {
      'content-type': 'application/x-www-form-urlencoded',
    });
    const body = reply.body as { access_token?: string; expires_in?: number };
    if (reply.status !== 200 || !body.access_token) throw new Error(`seed: token request failed with ${reply.status}`);
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 0) * 1000 };
    return body.access_token;
  }

  private async call(method: string, url: string, body?: unknown): Promise<ArmReply> {
    const headers = { authorization: `Bearer ${await this.accessToken()}`, 'content-type': 'application/json' };
    return this.raw(method, url, body === undefined ? undefined : JSON.stringify(body), headers);
  }

  private raw(
    method: string,
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ): Promise<ArmReply> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, ca: this.options.caPem, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: text ? (JSON.parse(text) as unknown) : undefined,
          });
        });
      });
      req.on('error', reject);
      req.end(payload);
    });
  }
}
