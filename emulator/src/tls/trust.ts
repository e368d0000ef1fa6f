/**
 * Makes the current Node process trust extra CA certificates for every TLS connection it opens.
 *
 * NODE_EXTRA_CA_CERTS is read once at process start, so a process that starts an emulator in-process
 * (a jest test running in band, a script) cannot use it for a CA generated after start. Node 20 has no
 * public API to add trust roots at run time (tls.setDefaultCACertificates arrived in Node 22.15), so we
 * wrap tls.createSecureContext, which every client connection goes through (https.Agent, MSAL's client,
 * core-rest-pipeline's node client): each context gets the extra CAs added to its store. The Azure SDKs
 * stay unmodified. Child processes should get NODE_EXTRA_CA_CERTS / SSL_CERT_FILE instead.
 */
import tls from 'node:tls';

const extraCaPems = new Set<string>();
let installed = false;

/** Adds `caPem` to the trust store of every TLS context this process creates from now on. Idempotent. */
export function trustCaInProcess(caPem: string): void {
  extraCaPems.add(caPem);
  if (installed) return;
  installed = true;
  const original = tls.createSecureContext;
  const patched = (options?: tls.SecureContextOptions): tls.SecureContext => {
    const context = original(options);
    const native = (context as unknown as { context: { addCACert(pem: string): void } }).context;
    for (const pem of extraCaPems) native.addCACert(pem);
    return context;
  };
  (tls as { createSecureContext: typeof tls.createSecureContext }).createSecureContext = patched;
}
