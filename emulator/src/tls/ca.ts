/**
 * TLS material for every emulator listener: a CA (generated once per directory and reused on restart)
 * and one server certificate it signs for 127.0.0.1 and localhost.
 *
 * Node's crypto makes the RSA keys (fast, native); node-forge only assembles and signs the X.509
 * certificates, which Node cannot do. The material is written to a temporary sibling directory and
 * renamed into place, so concurrent emulators (parallel jest workers sharing one test CA) never see a
 * half-written CA: whoever renames first wins and the others read the winner's files.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import forge from 'node-forge';

export interface TlsMaterial {
  /** Directory holding ca.crt, ca.key, server.crt, server.key. */
  dir: string;
  /** Path of the CA certificate (what NODE_EXTRA_CA_CERTS / SSL_CERT_FILE point at). */
  caFile: string;
  caCertPem: string;
  serverCertPem: string;
  serverKeyPem: string;
}

const FILES = ['ca.crt', 'ca.key', 'server.crt', 'server.key'] as const;

/**
 * Each CA gets its own name: a process that trusts several emulator CAs (tests of two emulators, a
 * test that starts the CLI) must be able to tell them apart, as TLS chain building picks issuers by name.
 */
function caSubject(): forge.pki.CertificateField[] {
  return [
    { name: 'commonName', value: `acr-relocate emulator local CA ${randomBytes(6).toString('hex')}` },
    { name: 'organizationName', value: 'acr-relocate emulator' },
  ];
}

/** Loads the TLS material under `<parentDir>/tls`, creating it first when absent. */
export function loadOrCreateTls(parentDir: string): TlsMaterial {
  const dir = join(parentDir, 'tls');
  if (!FILES.every((file) => existsSync(join(dir, file)))) {
    mkdirSync(parentDir, { recursive: true });
    const staging = join(parentDir, `.tls-${process.pid}-${randomBytes(4).toString('hex')}`);
    mkdirSync(staging);
    writeMaterial(staging);
    try {
      renameSync(staging, dir);
    } catch {
      // Another process created it first: keep theirs so every emulator in the run shares one CA.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return {
    dir,
    caFile: join(dir, 'ca.crt'),
    caCertPem: readFileSync(join(dir, 'ca.crt'), 'utf8'),
    serverCertPem: readFileSync(join(dir, 'server.crt'), 'utf8'),
    serverKeyPem: readFileSync(join(dir, 'server.key'), 'utf8'),
  };
}

function writeMaterial(dir: string): void {
  const ca = newRsaKeyPair();
  const subject = caSubject();
  const caKeyId = forge.pki
    .getPublicKeyFingerprint(forge.pki.publicKeyFromPem(ca.publicKeyPem), { md: forge.md.sha1.create() })
    .getBytes();
  const caCert = buildCertificate({
    publicKeyPem: ca.publicKeyPem,
    signingKeyPem: ca.privateKeyPem,
    subject,
    issuer: subject,
    years: 10,
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier', subjectKeyIdentifier: forge.util.bytesToHex(caKeyId) },
    ],
  });
  const server = newRsaKeyPair();
  const serverCert = buildCertificate({
    publicKeyPem: server.publicKeyPem,
    signingKeyPem: ca.privateKeyPem,
    subject: [{ name: 'commonName', value: 'localhost' }],
    issuer: subject,
    years: 2,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      // type 2 = dNSName, type 7 = iPAddress (RFC 5280 GeneralName).
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  writeFileSync(join(dir, 'ca.crt'), caCert);
  writeFileSync(join(dir, 'ca.key'), ca.privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'server.crt'), serverCert);
  writeFileSync(join(dir, 'server.key'), server.privateKeyPem, { mode: 0o600 });
}

function newRsaKeyPair(): { publicKeyPem: string; privateKeyPem: string } {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
  };
}

interface CertificateSpec {
  publicKeyPem: string;
  signingKeyPem: string;
  subject: forge.pki.CertificateField[];
  issuer: forge.pki.CertificateField[];
  years: number;
  extensions: object[];
}

function buildCertificate(spec: CertificateSpec): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(spec.publicKeyPem);
  // Positive serial: a leading 0x00..0x7f byte keeps the DER INTEGER positive.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  const now = Date.now();
  cert.validity.notBefore = new Date(now - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(now + spec.years * 365 * 24 * 3600 * 1000);
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer);
  cert.setExtensions(spec.extensions);
  cert.sign(forge.pki.privateKeyFromPem(spec.signingKeyPem) as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}
