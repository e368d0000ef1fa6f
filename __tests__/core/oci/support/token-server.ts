/**
 * A Docker token service for tests, in front of a real distribution registry configured with
 * `auth: token` (see startDistribution({ token })). It speaks both flavours the client must handle:
 * - Docker: GET /token?service&scope&account, anonymous or with Basic credentials;
 * - ACR Entra: POST /oauth2/exchange (access_token -> refresh_token), POST /token (refresh_token -> access_token).
 * Tokens are RS256 JWTs with an x5c header; distribution verifies them against the signer certificate.
 */
import { execFileSync } from 'node:child_process';
import { createSign, randomUUID, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TokenServerOptions {
  service: string;
  issuer?: string;
  users?: Record<string, string>;
  /** Entra access tokens accepted by /oauth2/exchange. */
  entraTokens?: string[];
  anonymousPull?: boolean;
  /** expires_in of issued access tokens (seconds). */
  expiresIn?: number;
}

export interface TokenServerRequest {
  path: string;
  grant?: string;
  scopes: string[];
  authorization: boolean;
}

export interface TokenServer {
  origin: string;
  realm: string;
  issuer: string;
  signerCertFile: string;
  requests: TokenServerRequest[];
  /** Every refresh and access token issued (tests check none leaks into messages). */
  issued: string[];
  revokeRefreshTokens(): void;
  stop(): Promise<void>;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const dir = mkdtempSync(join(tmpdir(), 'token-server-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'signer.key',
      '-out',
      'signer.crt',
      '-days',
      '2',
      '-subj',
      '/CN=token-signer',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  const key = readFileSync(join(dir, 'signer.key'), 'utf8');
  const certDer = new X509Certificate(readFileSync(join(dir, 'signer.crt'))).raw;
  const issuer = options.issuer ?? 'test-token-issuer';
  const requests: TokenServerRequest[] = [];
  const issued: string[] = [];
  let refreshTokens = new Set<string>();

  const sign = (scopes: string[], subject: string, anonymous: boolean): string => {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((scope) => {
      const parts = scope.split(':');
      const actions = (parts.pop() ?? '').split(',');
      const [type, ...name] = parts;
      return {
        type,
        name: name.join(':'),
        actions: anonymous ? actions.filter((a) => a === 'pull' && options.anonymousPull) : actions,
      };
    });
    const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [certDer.toString('base64')] }));
    const claims = {
      iss: issuer,
      sub: subject,
      aud: options.service,
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomUUID(),
      access,
    };
    const input = `${header}.${base64url(JSON.stringify(claims))}`;
    const token = `${input}.${base64url(createSign('RSA-SHA256').update(input).sign(key))}`;
    issued.push(token);
    return token;
  };

  const reply = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const denied = (res: ServerResponse) =>
    reply(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const params = req.method === 'POST' ? form : url.searchParams;
    const scopes = params.getAll('scope');
    requests.push({
      path: url.pathname,
      grant: params.get('grant_type') ?? undefined,
      scopes,
      authorization: !!req.headers.authorization,
    });
    if (url.pathname === '/oauth2/exchange' && req.method === 'POST') {
      if (!options.entraTokens?.includes(form.get('access_token') ?? '') || form.get('service') !== options.service)
        return denied(res);
      const refresh = `refresh-${randomUUID()}`;
      refreshTokens.add(refresh);
      issued.push(refresh);
      return reply(res, 200, { refresh_token: refresh });
    }
    if (url.pathname !== '/token') return reply(res, 404, { errors: [{ code: 'NOT_FOUND' }] });
    if (req.method === 'POST') {
      if (form.get('grant_type') !== 'refresh_token' || !refreshTokens.has(form.get('refresh_token') ?? ''))
        return denied(res);
      return reply(res, 200, { access_token: sign(scopes, 'entra-principal', false), expires_in: options.expiresIn });
    }
    const auth = req.headers.authorization;
    if (auth) {
      const [user, password] = Buffer.from(auth.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(/:(.*)/s);
      if (!user || options.users?.[user] !== password) return denied(res);
      return reply(res, 200, { token: sign(scopes, user, false), expires_in: options.expiresIn });
    }
    return reply(res, 200, { token: sign(scopes, 'anonymous', true), expires_in: options.expiresIn });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) =>
      reply(res, 500, { errors: [{ code: 'INTERNAL', message: String(error) }] }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    realm: `${origin}/token`,
    issuer,
    signerCertFile: join(dir, 'signer.crt'),
    requests,
    issued,
    revokeRefreshTokens: () => {
      refreshTokens = new Set();
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
