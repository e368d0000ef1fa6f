/** The OCI distribution + ACR data-plane client: one import for callers (prepare, import-artifacts, verify). */
export * from './acr-metadata.js';
export { ACR_ENTRA_SCOPE, type RegistryCredentials } from './auth.js';
export * from './blobs.js';
export { parseRegistryUrl, RegistryClient, type RegistryClientOptions } from './client.js';
export * from './copy.js';
export { DigestVerifier, verifyBytes } from './digest.js';
export * from './listing.js';
export * from './manifest.js';
export * from './manifests.js';
export * from './names.js';
export * from './referrers.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, type Timing } from './retry.js';
export * from './upload.js';
