/** Bearer-token authentication of ARM requests, with ARM's 401 codes and WWW-Authenticate challenge. */
import type { AccessTokenIssuer } from '../entra/accessTokens.js';
import { ArmError } from './errors.js';
import type { ArmPrincipal } from './provider.js';

/** Audiences ARM accepts besides its own URL (tokens obtained for public Azure's ARM). */
export const PUBLIC_ARM_AUDIENCES = [
  'https://management.core.windows.net/',
  'https://management.core.windows.net',
  'https://management.azure.com/',
  'https://management.azure.com',
];

export function authenticate(
  authorization: string | undefined,
  tokens: AccessTokenIssuer,
  armUrl: string,
  entraUrl: string,
): ArmPrincipal {
  const challenge = (description: string) => ({
    'www-authenticate': `Bearer authorization_uri="${entraUrl}/", error="invalid_token", error_description="${description}"`,
  });
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) {
    throw new ArmError(
      401,
      'AuthenticationFailed',
      "Authentication failed. The 'Authorization' header is missing.",
      challenge("The authentication failed because of missing 'Authorization' header."),
    );
  }
  const check = tokens.verify(match[1], [armUrl, ...PUBLIC_ARM_AUDIENCES]);
  if (check.ok) {
    return { objectId: check.claims.oid, clientId: check.claims.appid, tenantId: check.claims.tid };
  }
  switch (check.reason) {
    case 'expired': {
      const exp = new Date(Number(check.claims?.exp ?? 0) * 1000).toISOString();
      throw new ArmError(
        401,
        'ExpiredAuthenticationToken',
        `The access token expiry UTC time '${exp}' is earlier than current UTC time '${new Date().toISOString()}'.`,
        challenge('The access token has expired.'),
      );
    }
    case 'audience':
      throw new ArmError(
        401,
        'InvalidAuthenticationTokenAudience',
        `The access token has been obtained for wrong audience or resource '${String(check.claims?.aud ?? '')}'. It should exactly match with one of the allowed audiences '${[armUrl, ...PUBLIC_ARM_AUDIENCES].join("','")}'.`,
        challenge('The access token has an invalid audience.'),
      );
    case 'tenant':
      throw new ArmError(
        401,
        'InvalidAuthenticationTokenTenant',
        `The access token is from the wrong issuer '${String(check.claims?.iss ?? '')}'. It must match the tenant '${tokens.issuer}' associated with this subscription. Please use the authority (URL) '${tokens.issuer}' to get the token.`,
        challenge('The access token is from the wrong issuer.'),
      );
    default:
      throw new ArmError(
        401,
        'InvalidAuthenticationToken',
        'The access token is invalid.',
        challenge('The access token is invalid.'),
      );
  }
}
