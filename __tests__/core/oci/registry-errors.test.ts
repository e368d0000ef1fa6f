import {
  networkFailure,
  parseRegistryErrors,
  registryFailure,
  registryText,
  Secrets,
  type FailureContext,
} from '../../../src/core/oci/registry-errors.js';

const context = (credentialKind: FailureContext['credentialKind']): FailureContext => ({
  host: 'contoso.azurecr.io',
  what: 'GET manifest app:v1',
  scopes: ['repository:app:pull'],
  credentialKind,
});

describe('registry error bodies', () => {
  it('parses the distribution error shape and ignores anything else', () => {
    expect(parseRegistryErrors(Buffer.from('{"errors":[{"code":"DENIED","message":"no","detail":{"x":1}}]}'))).toEqual([
      { code: 'DENIED', message: 'no', detail: { x: 1 } },
    ]);
    expect(parseRegistryErrors(Buffer.from('<html>'))).toEqual([]);
    expect(parseRegistryErrors(Buffer.from('{"errors":"x"}'))).toEqual([]);
    expect(parseRegistryErrors(undefined)).toEqual([]);
  });

  it('strips control characters and truncates registry text', () => {
    expect(registryText('a\nb\u001b[31mc')).toBe('a b [31mc');
    expect(registryText('x'.repeat(400))).toHaveLength(301);
  });
});

describe('registryFailure', () => {
  it('maps codes and gives a hint per credential kind for 401', () => {
    const secrets = new Secrets();
    const anonymous = registryFailure(401, [], context('anonymous'), secrets);
    expect(anonymous).toMatchObject({
      code: 'AUTH_FAILED',
      message: 'Credentials rejected by contoso.azurecr.io for scope repository:app:pull during GET manifest app:v1.',
    });
    expect(anonymous.hint).toMatch(/anonymous access/);
    expect(registryFailure(401, [], context('basic'), secrets).hint).toMatch(/scope map/);
    expect(registryFailure(401, [], context('entra'), secrets).hint).toMatch(/AcrPull/);
    expect(
      registryFailure(404, [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }], context('basic'), secrets),
    ).toMatchObject({
      code: 'NOT_FOUND',
      message:
        'GET manifest app:v1 on contoso.azurecr.io failed with HTTP 404 MANIFEST_UNKNOWN (MANIFEST_UNKNOWN: manifest unknown).',
      hint: expect.stringMatching(/No manifest with this tag or digest/),
    });
    expect(registryFailure(409, [], context('basic'), secrets).code).toBe('CONFLICT');
    expect(registryFailure(400, [{ code: 'MANIFEST_BLOB_UNKNOWN' }], context('basic'), secrets).hint).toMatch(
      /copy its blobs first/,
    );
    expect(registryFailure(429, [], context('basic'), secrets).hint).toMatch(/throttling/);
  });

  it('never shows a secret, even one the registry echoes back', () => {
    const reported: string[] = [];
    const secrets = new Secrets((v) => reported.push(v));
    secrets.add('s3cr3t-token-value');
    secrets.add('s3cr3t-token-value');
    secrets.add('abc'); // too short to mask meaningfully: ignored
    const error = registryFailure(
      400,
      [{ code: 'X', message: 'bad token s3cr3t-token-value' }],
      context('basic'),
      secrets,
    );
    expect(error.message).not.toContain('s3cr3t-token-value');
    expect(error.message).toContain('***');
    expect(reported).toEqual(['s3cr3t-token-value']);
  });

  it('explains TLS trust failures and unreachable hosts differently', () => {
    const secrets = new Secrets();
    const tls = networkFailure(
      Object.assign(new Error('self-signed certificate'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' }),
      context('entra'),
      secrets,
    );
    expect(tls.hint).toMatch(/NODE_EXTRA_CA_CERTS/);
    const dns = networkFailure(
      Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }),
      context('entra'),
      secrets,
    );
    expect(dns).toMatchObject({
      code: 'REMOTE_ERROR',
      message: expect.stringMatching(/\[ENOTFOUND\]/),
      hint: expect.stringMatching(/private endpoint/),
    });
  });
});
