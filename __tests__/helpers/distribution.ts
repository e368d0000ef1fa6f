/**
 * A real CNCF distribution registry (Debian package `docker-registry`, 2.8.x) for integration tests:
 *
 *   const registry = await startDistribution({ tls: true, htpasswd: true });
 *   … registry.url, registry.host, registry.caPem / caFile / certDir (for skopeo --cert-dir) …
 *   await registry.stop();
 *
 * It runs `docker-registry serve <config.yml>` in a temporary directory, listening on 127.0.0.1:0
 * (the port is read from its "listening on" log line, so there is no free-port race). Gate the tests
 * with requireTool('docker-registry') (and 'openssl' for TLS) from ./tools.ts.
 * The binary is found on PATH (`/usr/bin/docker-registry` on Debian) or at $DOCKER_REGISTRY_BIN.
 */
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The fixed htpasswd user of `htpasswd: true` (bcrypt hash precomputed: no htpasswd binary needed). */
export const DISTRIBUTION_USER = 'relocate-user';
export const DISTRIBUTION_PASSWORD = 'relocate-Pa55word!';
const DISTRIBUTION_HTPASSWD = `${DISTRIBUTION_USER}:$2y$05$KdhwyOCkxEeKJb5TNARpJuELphvXP3Vv2meMc8izAiT/DhxCzZr.u\n`;

export interface TokenAuthConfig {
  realm: string;
  service: string;
  issuer: string;
  /** PEM file with the certificate(s) whose keys sign the tokens. */
  rootCertBundle: string;
}

export interface DistributionOptions {
  /** Serve HTTPS with a certificate from a throwaway CA (needs openssl). */
  tls?: boolean;
  /** Require Basic auth for DISTRIBUTION_USER / DISTRIBUTION_PASSWORD. */
  htpasswd?: boolean;
  /** Require Docker token auth (mutually exclusive with htpasswd). */
  token?: TokenAuthConfig;
}

export interface Distribution {
  /** http://127.0.0.1:PORT or https://127.0.0.1:PORT */
  url: string;
  /** 127.0.0.1:PORT, as in image references. */
  host: string;
  /** TLS only: the CA that signed the server certificate. */
  caFile?: string;
  caPem?: string;
  /** TLS only: a directory holding just ca.crt, for `skopeo --cert-dir`. */
  certDir?: string;
  /** Storage root (tests may tamper with it). */
  dataDir: string;
  /** The registry's log so far (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: 'pipe' });
}

export interface TestCa {
  caFile: string;
  caKey: string;
  /** Issue a server certificate for 127.0.0.1 and localhost; returns cert and key paths. */
  issueServer(name: string): { certFile: string; keyFile: string };
}

/** A throwaway CA in `dir` (EC P-256 keys: fast to generate). */
export function createTestCa(dir: string): TestCa {
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl(
    [
      'req',
      '-x509',
      ...ec,
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-days',
      '2',
      '-subj',
      '/CN=acr-relocate test CA',
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return {
    caFile: join(dir, 'ca.crt'),
    caKey: join(dir, 'ca.key'),
    issueServer(name) {
      writeFileSync(
        join(dir, `${name}.ext`),
        'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\nbasicConstraints=CA:FALSE\n',
      );
      openssl(['req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', '/CN=127.0.0.1'], dir);
      openssl(
        [
          'x509',
          '-req',
          '-in',
          `${name}.csr`,
          '-CA',
          'ca.crt',
          '-CAkey',
          'ca.key',
          '-CAcreateserial',
          '-out',
          `${name}.crt`,
          '-days',
          '2',
          '-extfile',
          `${name}.ext`,
        ],
        dir,
      );
      return { certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    },
  };
}

function configYaml(dir: string, options: DistributionOptions, tls?: { certFile: string; keyFile: string }): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: info',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(join(dir, 'data'))}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    '  addr: 127.0.0.1:0',
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls)
    lines.push('  tls:', `    certificate: ${JSON.stringify(tls.certFile)}`, `    key: ${JSON.stringify(tls.keyFile)}`);
  if (options.htpasswd) {
    writeFileSync(join(dir, 'htpasswd'), DISTRIBUTION_HTPASSWD);
    lines.push('auth:', '  htpasswd:', '    realm: test-realm', `    path: ${JSON.stringify(join(dir, 'htpasswd'))}`);
  } else if (options.token) {
    const t = options.token;
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${JSON.stringify(t.realm)}`,
      `    service: ${JSON.stringify(t.service)}`,
      `    issuer: ${JSON.stringify(t.issuer)}`,
      `    rootcertbundle: ${JSON.stringify(t.rootCertBundle)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export async function startDistribution(options: DistributionOptions = {}): Promise<Distribution> {
  const dir = mkdtempSync(join(tmpdir(), 'distribution-'));
  let tlsFiles: { certFile: string; keyFile: string } | undefined;
  let ca: TestCa | undefined;
  let certDir: string | undefined;
  if (options.tls) {
    ca = createTestCa(dir);
    tlsFiles = ca.issueServer('server');
    certDir = join(dir, 'certs.d');
    mkdirSync(certDir);
    writeFileSync(join(certDir, 'ca.crt'), readFileSync(ca.caFile));
  }
  writeFileSync(join(dir, 'config.yml'), configYaml(dir, options, tlsFiles));
  const binary = process.env.DOCKER_REGISTRY_BIN ?? 'docker-registry';
  const child = spawn(binary, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`docker-registry did not start within 15 s:\n${log}`)), 15_000);
    const onData = (chunk: Buffer) => {
      log += chunk.toString();
      const match = /listening on 127\.0\.0\.1:(\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`docker-registry exited with ${code}:\n${log}`));
    });
  });
  const host = `127.0.0.1:${port}`;
  return {
    url: `${options.tls ? 'https' : 'http'}://${host}`,
    host,
    caFile: ca?.caFile,
    caPem: ca ? readFileSync(ca.caFile, 'utf8') : undefined,
    certDir,
    dataDir: join(dir, 'data'),
    logs: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
