import { azureError, missingPermission } from '../../../src/core/azure/errors.js';

function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

describe('azureError', () => {
  it('calls a failed federated sign-in a sign-in problem and says which credential to add', () => {
    const error = azureError(
      named(
        'AuthenticationError',
        'invalid_client: AADSTS700213: No matching federated identity record found for presented assertion subject',
      ),
      'Reading registry src',
    );
    expect(error.code).toBe('AUTH_FAILED');
    expect(error.message).toContain('signing in to Entra ID failed');
    expect(error.hint).toMatch(/federated credential .* subject/);
  });

  it('points at the secret for an expired client secret and at the setup for unknown codes', () => {
    expect(
      azureError(named('AuthenticationError', 'AADSTS7000222: The provided client secret keys are expired'), 'x').hint,
    ).toMatch(/client secret/);
    expect(azureError(named('CredentialUnavailableError', 'EnvironmentCredential is unavailable'), 'x').hint).toMatch(
      /id-token: write/,
    );
  });

  it('keeps not-found and permission errors apart, naming the missing action', () => {
    const notFound = azureError(
      Object.assign(new Error('gone'), { statusCode: 404, code: 'ResourceNotFound' }),
      'Reading registry src',
    );
    expect(notFound.code).toBe('NOT_FOUND');
    const forbidden = azureError(
      Object.assign(
        new Error(
          "The client 'x' with object id 'y' does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/read' over scope '/subscriptions/s/r' or the scope is invalid.",
        ),
        { statusCode: 403, code: 'AuthorizationFailed' },
      ),
      'Reading registry src',
    );
    expect(forbidden.code).toBe('FORBIDDEN');
    expect(forbidden.hint).toContain('Microsoft.ContainerRegistry/registries/read');
    expect(missingPermission('nothing here')).toBeUndefined();
  });

  it('neutralises workflow commands in Azure messages', () => {
    const error = azureError(Object.assign(new Error('boom\n::error::injected'), { statusCode: 500 }), 'x');
    expect(error.message).not.toMatch(/^::/m);
  });
});
