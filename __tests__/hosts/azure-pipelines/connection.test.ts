import {
  maskSecret,
  readServiceConnection,
  type EndpointReader,
} from '../../../src/hosts/azure-pipelines/connection.js';

function reader(
  auth: Record<string, unknown> | undefined,
  data: Record<string, string> = {},
): EndpointReader & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    getEndpointAuthorization: (id: string) => (calls.push(`auth ${id}`), auth as never),
    getEndpointAuthorizationScheme: (id: string) => (calls.push(`scheme ${id}`), (auth?.scheme as string) ?? ''),
    getEndpointDataParameter: (id: string, key: string) => (calls.push(`data ${id} ${key}`), data[key] ?? ''),
  } as EndpointReader & { calls: string[] };
}

describe('readServiceConnection', () => {
  it('lower-cases parameter names and masks secrets the moment they are read', () => {
    const secrets: string[] = [];
    const connection = readServiceConnection(
      reader({
        scheme: 'ServicePrincipal',
        parameters: {
          ServicePrincipalId: 'app',
          serviceprincipalkey: 'k3y',
          authenticationType: 'spnKey',
          TenantId: 't',
        },
      }),
      'c1',
      (value) => secrets.push(value),
    );
    expect(connection.scheme).toBe('ServicePrincipal');
    expect(connection.parameters).toEqual({
      serviceprincipalid: 'app',
      serviceprincipalkey: 'k3y',
      authenticationtype: 'spnKey',
      tenantid: 't',
    });
    expect(secrets).toEqual(['k3y']);
  });

  it('reads data parameters, undefined when empty', () => {
    const connection = readServiceConnection(reader(undefined, { subscriptionid: 'sub' }), 'c1', () => {});
    expect(connection.data('subscriptionid')).toBe('sub');
    expect(connection.data('environment')).toBeUndefined();
    expect(connection.scheme).toBeUndefined();
    expect(connection.parameters).toEqual({});
  });
});

describe('maskSecret', () => {
  it('masks a PEM line by line (the agent refuses multi-line secrets) and leaves its armour readable', () => {
    const secrets: string[] = [];
    maskSecret('-----BEGIN PRIVATE KEY-----\r\nAAAA\nBBBB\n\n-----END PRIVATE KEY-----\n', (v) => secrets.push(v));
    expect(secrets).toEqual(['AAAA', 'BBBB']);
  });
});
