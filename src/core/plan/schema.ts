/**
 * JSON Schema (draft 2020-12) of the relocation plan. `npm run generate` writes it to
 * schemas/plan.schema.json for people and editors; readers validate with it before trusting a plan.
 */
const str = { type: 'string' } as const;
const strMin = { type: 'string', minLength: 1 } as const;
const bool = { type: 'boolean' } as const;
const count = { type: 'integer', minimum: 0 } as const;
const digest = { type: 'string', pattern: '^sha256:[a-f0-9]{64}$' } as const;
const stringMap = { type: 'object', additionalProperties: str } as const;
const boolMap = { type: 'object', additionalProperties: bool } as const;

const registryRef = {
  subscriptionId: strMin,
  resourceGroup: strMin,
  name: { type: 'string', pattern: '^[a-zA-Z0-9]{5,50}$' },
  id: strMin,
  location: strMin,
} as const;

const settings = {
  type: 'object',
  required: [
    'sku',
    'adminUserEnabled',
    'publicNetworkAccess',
    'zoneRedundancy',
    'dataEndpointEnabled',
    'anonymousPullEnabled',
    'policies',
    'tags',
  ],
  properties: {
    sku: { enum: ['Basic', 'Standard', 'Premium'] },
    adminUserEnabled: bool,
    publicNetworkAccess: str,
    networkRuleSet: {
      type: 'object',
      required: ['defaultAction', 'ipRules'],
      properties: {
        defaultAction: str,
        ipRules: {
          type: 'array',
          items: { type: 'object', required: ['value'], properties: { action: str, value: str } },
        },
      },
    },
    networkRuleBypassOptions: str,
    networkRuleBypassAllowedForTasks: bool,
    zoneRedundancy: str,
    dataEndpointEnabled: bool,
    anonymousPullEnabled: bool,
    roleAssignmentMode: str,
    policies: { type: 'object' },
    encryption: { type: 'object' },
    identity: { type: 'object' },
    tags: stringMap,
  },
} as const;

const child = {
  type: 'object',
  required: ['type', 'name', 'id', 'properties'],
  properties: { type: strMin, name: strMin, id: strMin, location: str, properties: { type: 'object' }, secret: bool },
} as const;
const children = { type: 'array', items: child } as const;

const roleAssignment = {
  type: 'object',
  required: ['id', 'principalId', 'roleDefinitionId', 'scope'],
  properties: {
    id: strMin,
    principalId: strMin,
    principalType: str,
    roleDefinitionId: strMin,
    roleName: str,
    scope: strMin,
  },
} as const;

const manifest = {
  type: 'object',
  required: ['digest', 'mediaType', 'size', 'tags'],
  properties: {
    digest,
    mediaType: str,
    size: count,
    imageSize: count,
    tags: { type: 'array', items: strMin },
    platform: {
      type: 'object',
      required: ['os', 'architecture'],
      properties: { os: str, architecture: str, variant: str },
    },
    children: { type: 'array', items: digest },
    subject: digest,
    artifactType: str,
    configMediaType: str,
    changeableAttributes: boolMap,
  },
} as const;

export const PLAN_JSON_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://github.com/acr-relocate/acr-relocate/schemas/plan.schema.json',
  title: 'acr-relocate relocation plan',
  type: 'object',
  required: [
    'schemaVersion',
    'relocationId',
    'createdAt',
    'tool',
    'source',
    'target',
    'children',
    'artifacts',
    'consumers',
    'checks',
    'mapping',
    'fingerprint',
  ],
  properties: {
    schemaVersion: { const: 1 },
    relocationId: { type: 'string', pattern: '^[a-f0-9]{16}$' },
    createdAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T' },
    tool: {
      type: 'object',
      required: ['name', 'version'],
      properties: { name: { const: 'acr-relocate' }, version: str },
    },
    source: {
      type: 'object',
      required: [...Object.keys(registryRef), 'loginServer', 'settings'],
      properties: { ...registryRef, loginServer: strMin, tenantId: str, settings },
    },
    target: {
      type: 'object',
      required: [...Object.keys(registryRef), 'settings'],
      properties: { ...registryRef, settings },
    },
    children: {
      type: 'object',
      required: [
        'replications',
        'webhooks',
        'scopeMaps',
        'tokens',
        'cacheRules',
        'credentialSets',
        'connectedRegistries',
        'privateEndpointConnections',
        'diagnosticSettings',
        'locks',
        'roleAssignments',
      ],
      properties: {
        replications: children,
        webhooks: children,
        scopeMaps: children,
        tokens: children,
        cacheRules: children,
        credentialSets: children,
        connectedRegistries: children,
        privateEndpointConnections: children,
        diagnosticSettings: children,
        locks: children,
        roleAssignments: { type: 'array', items: roleAssignment },
      },
    },
    artifacts: {
      type: 'object',
      required: ['repositories', 'excludedRepositories', 'totals'],
      properties: {
        repositories: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name', 'reportedTagCount', 'reportedManifestCount', 'manifests'],
            properties: {
              name: strMin,
              reportedTagCount: count,
              reportedManifestCount: count,
              changeableAttributes: boolMap,
              tagAttributes: { type: 'object', additionalProperties: boolMap },
              manifests: { type: 'array', items: manifest },
            },
          },
        },
        excludedRepositories: { type: 'array', items: str },
        totals: {
          type: 'object',
          required: ['repositories', 'manifests', 'tags', 'referrers', 'bytes'],
          properties: { repositories: count, manifests: count, tags: count, referrers: count, bytes: count },
        },
      },
    },
    consumers: {
      type: 'object',
      required: ['aksClusters', 'apps', 'principals'],
      properties: {
        aksClusters: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'roleAssignmentIds'],
            properties: {
              id: strMin,
              name: strMin,
              kubeletObjectId: str,
              roleAssignmentIds: { type: 'array', items: str },
            },
          },
        },
        apps: {
          type: 'array',
          items: {
            type: 'object',
            required: ['kind', 'id', 'name', 'images'],
            properties: {
              kind: { enum: ['webapp', 'containerapp', 'containerinstance'] },
              id: strMin,
              name: strMin,
              images: { type: 'array', items: str },
            },
          },
        },
        principals: { type: 'array', items: roleAssignment },
      },
    },
    checks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'status', 'message'],
        properties: { id: strMin, status: { enum: ['pass', 'warn', 'fail'] }, message: strMin, hint: str },
      },
    },
    mapping: {
      type: 'object',
      required: ['name', 'location', 'subnets', 'replicationLocations', 'identities'],
      properties: {
        name: { type: 'object', required: ['from', 'to'], properties: { from: str, to: str } },
        location: { type: 'object', required: ['from', 'to'], properties: { from: str, to: str } },
        subnets: stringMap,
        replicationLocations: { type: 'array', items: str },
        encryptionKey: str,
        identities: stringMap,
      },
    },
    copyMode: { enum: ['server', 'client'] },
    fingerprint: { type: 'string', pattern: '^sha256:[a-f0-9]{64}$' },
  },
} as const;
