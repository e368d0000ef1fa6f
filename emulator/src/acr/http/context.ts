/** What every route handler receives for one request. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultAction, FaultHook, RegistryControl, RequestLogger } from '../../shared/contract.js';
import type { TokenIssuer } from '../auth/tokens.js';
import type { RegistryStore } from '../store/registry-store.js';
import type { UploadSessions } from '../store/uploads.js';

export interface DataPlaneHooks {
  /** Receives one entry per request (service 'acr:<registry>'). */
  log: RequestLogger;
  /** Consulted once per request with its kind ('acr:blob-get', 'acr:manifest-put', …). */
  fault?: FaultHook;
  /** HMAC key for this registry's ACR tokens; pass a stable one if tokens must outlive a restart. */
  tokenSecret?: Buffer;
  /** Clock for tokens and timestamps (defaults to the system clock). */
  now?: () => Date;
  /** ACR access token lifetime in seconds (default 3600). */
  accessTokenSeconds?: number;
  /** ACR refresh token lifetime in seconds (default 10800). */
  refreshTokenSeconds?: number;
}

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  isHead: boolean;
  repository: string;
  reference: string;
  control: RegistryControl;
  store: RegistryStore;
  uploads: UploadSessions;
  issuer: TokenIssuer;
  now: () => Date;
  fault: FaultAction | undefined;
  /** Set once the caller is authenticated (for the request log). */
  principal: string | undefined;
}
