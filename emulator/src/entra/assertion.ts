/**
 * Workload identity federation: checks a client_assertion JWT from an external issuer against the
 * principal's federated identity credentials, with Entra's error codes for each way it can fail.
 */
import { audiences, decodeJwt, verifyJwtSignature } from './jwt.js';
import type { ServicePrincipal } from './directory.js';
import { EntraError, entraPreciseTime, WORKLOAD_IDENTITY_DOCS } from './errors.js';
import type { TrustedIssuer } from './oidcCommon.js';

const CHECK_FIC = `Check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${WORKLOAD_IDENTITY_DOCS}`;

/** Returns normally when the assertion proves the principal's identity; throws EntraError otherwise. */
export function verifyClientAssertion(
  assertion: string,
  principal: ServicePrincipal,
  issuers: readonly TrustedIssuer[],
  now = Date.now(),
): void {
  const jwt = decodeJwt(assertion);
  if (!jwt) throw new EntraError(400, 'invalid_request', 50027, 'JWT token is invalid or malformed.');
  const { payload } = jwt;
  const iss = typeof payload.iss === 'string' ? payload.iss : '';
  const sub = typeof payload.sub === 'string' ? payload.sub : '';

  const candidates = principal.federatedCredentials.filter((c) => c.issuer === iss);
  if (candidates.length === 0) {
    throw new EntraError(
      401,
      'invalid_client',
      700211,
      `No matching federated identity record found for presented assertion issuer '${iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion. ${WORKLOAD_IDENTITY_DOCS}`,
    );
  }

  const issuer = issuers.find((i) => i.issuer === iss);
  const signed = issuer?.publicKeys().some((key) => verifyJwtSignature(jwt, key)) ?? false;
  if (!signed) {
    throw new EntraError(
      401,
      'invalid_client',
      50013,
      `Assertion failed signature validation. [Reason - The key was not found., Thumbprint of key used by client: '${jwt.header.kid ?? ''}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${principal.clientId}'. Review the documentation at https://docs.microsoft.com/en-us/graph/deployments to determine the corresponding service endpoint and https://docs.microsoft.com/en-us/graph/api/application-get?view=graph-rest-1.0&tabs=http to build a query request URL, such as 'https://graph.microsoft.com/beta/applications/${principal.clientId}']`,
    );
  }

  checkTimeRange(payload.nbf, payload.exp, now);

  const bySubject = candidates.filter((c) => c.subject === sub);
  if (bySubject.length === 0) {
    const caseOnly = candidates.some((c) => c.subject.toLowerCase() === sub.toLowerCase());
    if (caseOnly) {
      throw new EntraError(
        401,
        'invalid_client',
        7002138,
        `No matching federated identity record found for presented assertion subject '${sub}'. The subject matches with case-insensitive comparison, but not with case-sensitive comparison. ${CHECK_FIC}`,
      );
    }
    throw new EntraError(
      401,
      'invalid_client',
      700213,
      `No matching federated identity record found for presented assertion subject '${sub}'. ${CHECK_FIC}`,
    );
  }

  const presented = audiences(payload);
  if (!bySubject.some((c) => c.audiences.some((a) => presented.includes(a)))) {
    throw new EntraError(
      401,
      'invalid_client',
      700212,
      `No matching federated identity record found for presented assertion audience '${presented.join(', ')}'. ${CHECK_FIC}`,
    );
  }
}

function checkTimeRange(nbf: unknown, exp: unknown, now: number): void {
  const notBefore = typeof nbf === 'number' ? nbf * 1000 : 0;
  const expiry = typeof exp === 'number' ? exp * 1000 : 0;
  if (now < notBefore || now >= expiry) {
    throw new EntraError(
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${entraPreciseTime(new Date(now))}, assertion valid from ${entraPreciseTime(new Date(notBefore))}, expiry time of assertion ${entraPreciseTime(new Date(expiry))}. Review the documentation at https://learn.microsoft.com/entra/identity-platform/certificate-credentials .`,
    );
  }
}
