/** OpenID Connect discovery documents for the emulated tenant, shaped like Entra's (v1 and v2). */

export function openIdConfigurationV2(base: string, tenantInPath: string, tenantId: string): Record<string, unknown> {
  const authority = `${base}/${tenantInPath}`;
  return {
    token_endpoint: `${authority}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${authority}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/${tenantId}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/oidc/userinfo`,
    authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'acr', 'nonce', 'tid', 'ver', 'oid'],
    kerberos_endpoint: `${authority}/kerberos`,
    tenant_region_scope: 'WW',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}

export function openIdConfigurationV1(base: string, tenantInPath: string, tenantId: string): Record<string, unknown> {
  const authority = `${base}/${tenantInPath}`;
  return {
    token_endpoint: `${authority}/oauth2/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/common/discovery/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'token id_token', 'token'],
    scopes_supported: ['openid'],
    issuer: `${base}/${tenantId}/`,
    microsoft_multi_refresh_token: true,
    authorization_endpoint: `${authority}/oauth2/authorize`,
    device_authorization_endpoint: `${authority}/oauth2/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${authority}/oauth2/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'tid', 'oid', 'appid', 'ver'],
    check_session_iframe: `${authority}/oauth2/checksession`,
    userinfo_endpoint: `${authority}/openid/userinfo`,
    kerberos_endpoint: `${authority}/kerberos`,
    tenant_region_scope: 'WW',
    cloud_instance_name: 'microsoftonline.com',
    cloud_graph_host_name: 'graph.windows.net',
    msgraph_host: 'graph.microsoft.com',
    rbac_url: 'https://pas.windows.net',
  };
}
