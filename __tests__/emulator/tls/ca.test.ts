import { X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadOrCreateTls } from '../../../emulator/src/tls/ca.js';

describe('TLS material', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emulator-tls-test-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a CA and a server certificate for 127.0.0.1 and localhost signed by it', () => {
    const tls = loadOrCreateTls(dir);
    const ca = new X509Certificate(tls.caCertPem);
    const server = new X509Certificate(tls.serverCertPem);
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(server.subjectAltName).toContain('DNS:localhost');
    expect(server.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(tls.caFile).toBe(join(dir, 'tls', 'ca.crt'));
  });

  it('reuses the CA on the next start (restart keeps client trust valid)', () => {
    const first = loadOrCreateTls(dir);
    const second = loadOrCreateTls(dir);
    expect(second.caCertPem).toBe(first.caCertPem);
    expect(second.serverKeyPem).toBe(first.serverKeyPem);
  });

  it('gives independent directories independent, distinctly named CAs', () => {
    const other = mkdtempSync(join(tmpdir(), 'emulator-tls-test-'));
    try {
      const a = new X509Certificate(loadOrCreateTls(other).caCertPem);
      const b = new X509Certificate(loadOrCreateTls(dir).caCertPem);
      expect(a.fingerprint256).not.toBe(b.fingerprint256);
      // Distinct names: a process trusting both must not confuse them when building chains.
      expect(a.subject).not.toBe(b.subject);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
