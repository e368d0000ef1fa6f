/**
 * The seams between the emulator's parts, fixed here so each part can be built and tested alone:
 * - the request log every service writes to (tests assert what was and was not called),
 * - the fault hook every service consults (deterministic failure injection),
 * - RegistryControl: what a registry's data plane asks of ARM state (auth, settings), implemented by
 *   the ARM side and handed to the data plane (emulator/src/acr) when the registry's listener starts.
 */
import type { IncomingMessage } from 'node:http';

/** One served request. `service` is 'entra', 'arm', or 'acr:<registryName>'. */
export interface RequestLogEntry {
  seq: number;
  time: string;
  service: string;
  method: string;
  /** Path with query string, as received. */
  path: string;
  status: number;
  /** Who called: an Entra object id, 'admin:<user>', 'token:<name>', 'anonymous', or undefined before auth. */
  principal?: string;
  /** Operation kind used for faults and throttling, e.g. 'arm:write', 'acr:blob-get' (see faults.ts). */
  kind?: string;
}

export type RequestLogger = (entry: Omit<RequestLogEntry, 'seq' | 'time'>) => void;

/**
 * What a fault rule tells a service to do with one request. Services apply the fields they
 * understand and ignore the rest; the hook decides (deterministically, from the emulator's seed).
 */
export interface FaultAction {
  /** Wait this long before answering (or before starting the work). */
  delayMs?: number;
  /** Answer with this status instead of doing the work (429, 500, 503, …). */
  status?: number;
  /** Extra headers for that answer, e.g. Retry-After in any of its forms. */
  headers?: Record<string, string>;
  /** ARM-style or OCI-style error code for that answer's body. */
  errorCode?: string;
  /** Data plane: flip one byte of the blob being served (integrity checks must catch it). */
  corruptBody?: boolean;
  /** importImage: finish the copy but leave the manifest's blobs missing in the target. */
  dropBlobs?: boolean;
  /** Long-running operations: never finish ('hang'), end 'Failed', or end 'Canceled'. */
  lro?: 'hang' | 'fail' | 'cancel';
}

/** Consulted once per request (or per long-running operation) with its operation kind. */
export type FaultHook = (kind: string, request?: IncomingMessage) => FaultAction | undefined;

/** Actions an Entra principal holds on one registry's data plane, derived from role assignments. */
export interface DataPlanePermissions {
  pull: boolean;
  push: boolean;
  delete: boolean;
}

/** One scope-map action granted to a repository-scoped token, e.g. repositories/app/content/read. */
export interface TokenScope {
  /** Repository name or pattern ending in `*` (ACR scope maps allow `repo/*`). */
  repository: string;
  actions: ReadonlyArray<'content/read' | 'content/write' | 'content/delete' | 'metadata/read' | 'metadata/write'>;
}

/** What a registry's data plane needs from ARM state. All reads are live (settings can change at run time). */
export interface RegistryControl {
  /** Registry name (lowercase), e.g. "contosoregistry". */
  readonly name: string;
  /** Host and port the data plane is reached at, e.g. "127.0.0.1:41234". */
  loginServer(): string;
  /** Admin user name and its two passwords when the admin user is enabled, else undefined. */
  adminCredentials(): { username: string; passwords: readonly string[] } | undefined;
  /** Scopes of a repository-scoped token when name and password match an enabled token, else undefined. */
  tokenScopes(username: string, password: string): readonly TokenScope[] | undefined;
  /** Anonymous (unauthenticated) pull enabled on the registry. */
  anonymousPullEnabled(): boolean;
  /** False when public network access is disabled: the data plane then refuses callers with 403 DENIED. */
  publicNetworkAccessEnabled(): boolean;
  /** Verify an access token issued by the emulator's Entra ID; undefined when invalid or expired. */
  verifyEntraToken(accessToken: string): { oid: string; tid: string } | undefined;
  /** What an Entra principal may do on this registry (AcrPull, AcrPush, Owner, … at registry scope or above). */
  entraPermissions(oid: string): DataPlanePermissions;
}
