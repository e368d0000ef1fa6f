import { RelocationError } from '../errors.js';
import { neutralize } from '../text/neutralize.js';

interface RestLikeError {
  statusCode?: number;
  code?: string;
  message?: string;
}

function asRest(error: unknown): RestLikeError | undefined {
  if (error && typeof error === 'object' && ('statusCode' in error || 'code' in error)) return error as RestLikeError;
  return undefined;
}

/** ARM's AuthorizationFailed message names the action and scope; pull them out for the hint. */
export function missingPermission(message: string): { action: string; scope: string } | undefined {
  const match = /perform action '([^']+)' over scope '([^']+)'/.exec(message);
  return match ? { action: match[1], scope: match[2] } : undefined;
}

/** An error from signing in (MSAL / @azure/identity), as opposed to one from the service called. */
function isSignInError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'AuthenticationError' ||
    error.name === 'CredentialUnavailableError' ||
    error.name === 'AggregateAuthenticationError' ||
    /\bAADSTS\d+/.test(error.message)
  );
}

/** What to check for the Entra error codes people meet most when a pipeline signs in. */
function signInHint(message: string): string {
  const code = /\bAADSTS(\d+)/.exec(message)?.[1];
  switch (code) {
    case '700213':
    case '70021':
      return "No federated credential of the app matches this pipeline's token (issuer, subject, audience). Add one for exactly this subject: on GitHub a branch, environment or pull request each have their own subject; on Azure Pipelines it is sc://<org>/<project>/<service connection>.";
    case '700024':
      return 'The federated token expired before it was exchanged: re-run the job; check the runner clock.';
    case '7000215':
    case '7000222':
      return 'The client secret is wrong or expired: create a new one and update the secret or service connection.';
    case '700016':
      return 'The client id is not an app in this tenant: check client-id and tenant-id (or the service connection).';
    default:
      return 'Check the sign-in configuration: client-id/tenant-id and `permissions: id-token: write` on GitHub, the service connection on Azure Pipelines, AZURE_* variables on the CLI.';
  }
}

/**
 * Turn an Azure SDK error into a RelocationError that says what failed, distinguishing "not found"
 * from "not allowed" (naming the missing action), with Azure's own code and message kept as data.
 */
export function azureError(error: unknown, what: string): RelocationError {
  if (error instanceof RelocationError) return error;
  if (isSignInError(error)) {
    const message = neutralize((error as Error).message);
    return new RelocationError(
      'AUTH_FAILED',
      `${what}: signing in to Entra ID failed: ${message}`,
      signInHint(message),
      { cause: error },
    );
  }
  const rest = asRest(error);
  const detail = neutralize(rest?.message ?? (error instanceof Error ? error.message : String(error)));
  const status = rest?.statusCode;
  if (status === 404) {
    return new RelocationError(
      'NOT_FOUND',
      `${what}: not found (${rest?.code ?? 'NotFound'}).`,
      'Check the name, resource group and subscription; the identity must be able to read it.',
      { cause: error },
    );
  }
  if (status === 403) {
    const permission = missingPermission(detail);
    return new RelocationError(
      'FORBIDDEN',
      `${what}: permission denied (${rest?.code ?? 'AuthorizationFailed'}).`,
      permission
        ? `Grant the pipeline's identity a role with "${permission.action}" on ${permission.scope} (see docs/permissions.md).`
        : `Grant the pipeline's identity the role docs/permissions.md lists for this command. Azure said: ${detail}`,
      { cause: error },
    );
  }
  if (status === 401) {
    return new RelocationError(
      'AUTH_FAILED',
      `${what}: Azure rejected the credential.`,
      `Check the service connection or federated credential. Azure said: ${detail}`,
      { cause: error },
    );
  }
  return new RelocationError(
    'REMOTE_ERROR',
    `${what} failed${status ? ` (HTTP ${status}${rest?.code ? `, ${rest.code}` : ''})` : ''}: ${detail}`,
    'Retry; if it persists, check the Azure status page and the activity log.',
    { cause: error },
  );
}

/** Run an Azure call, translating its failure. `undefined` for 404 when `allowMissing`. */
export async function azureCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw azureError(error, what);
  }
}

export async function azureCallOrMissing<T>(what: string, call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (asRest(error)?.statusCode === 404) return undefined;
    throw azureError(error, what);
  }
}

/** Drain an SDK pager into an array, translating failures. */
export async function collect<T>(what: string, pages: AsyncIterable<T>): Promise<T[]> {
  return azureCall(what, async () => {
    const items: T[] = [];
    for await (const item of pages) items.push(item);
    return items;
  });
}
