/**
 * The relocation plan: written by `prepare`, read by every later command, reviewed by people.
 * Property names follow Azure's own (ARM 2025-11-01) so settings compare one to one.
 */
export const PLAN_SCHEMA_VERSION = 1;

export type CheckStatus = 'pass' | 'warn' | 'fail';

/** server: ACR imports each image (ARM importImage). client: the runner streams the content. */
export type CopyMode = 'server' | 'client';

export interface Check {
  /** Stable identifier, e.g. "target-name-available". */
  id: string;
  status: CheckStatus;
  message: string;
  hint?: string;
}

export interface RegistryRef {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  id: string;
  location: string;
  loginServer: string;
}

/** Every registry setting that matters for a move (see DESIGN §2). */
export interface RegistrySettings {
  sku: string;
  adminUserEnabled: boolean;
  publicNetworkAccess: string;
  networkRuleSet?: { defaultAction: string; ipRules: Array<{ action?: string; value: string }> };
  networkRuleBypassOptions?: string;
  networkRuleBypassAllowedForTasks?: boolean;
  zoneRedundancy: string;
  dataEndpointEnabled: boolean;
  anonymousPullEnabled: boolean;
  roleAssignmentMode?: string;
  policies: {
    quarantinePolicy?: { status?: string };
    trustPolicy?: { type?: string; status?: string };
    retentionPolicy?: { days?: number; status?: string };
    exportPolicy?: { status?: string };
    azureADAuthenticationAsArmPolicy?: { status?: string };
  };
  encryption?: { status?: string; keyVaultProperties?: { keyIdentifier?: string; identity?: string } };
  identity?: { type?: string; userAssignedIdentities?: string[]; principalId?: string; tenantId?: string };
  tags: Record<string, string>;
}

export interface SourceSnapshot extends RegistryRef {
  tenantId?: string;
  settings: RegistrySettings;
}

export interface TargetSpec {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  /** Resource id the target will have. */
  id: string;
  location: string;
  /** Settings the target is to be created with (the source's, after mapping). */
  settings: RegistrySettings;
}

/** A child resource recorded by type; `properties` are Azure's, minus read-only state. */
export interface ChildResource {
  type: string;
  name: string;
  id: string;
  location?: string;
  properties: Record<string, unknown>;
  /** Holds secrets (webhook callback config): masked in logs, never rendered in summaries. */
  secret?: boolean;
}

export interface RoleAssignmentRecord {
  id: string;
  principalId: string;
  principalType?: string;
  roleDefinitionId: string;
  /** Built-in role name when known, e.g. AcrPull. */
  roleName?: string;
  scope: string;
}

export interface Children {
  replications: ChildResource[];
  webhooks: ChildResource[];
  scopeMaps: ChildResource[];
  tokens: ChildResource[];
  cacheRules: ChildResource[];
  credentialSets: ChildResource[];
  connectedRegistries: ChildResource[];
  privateEndpointConnections: ChildResource[];
  diagnosticSettings: ChildResource[];
  locks: ChildResource[];
  roleAssignments: RoleAssignmentRecord[];
}

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

export interface ManifestRecord {
  digest: string;
  mediaType: string;
  /** Size of the manifest itself in bytes. */
  size: number;
  /** Size the registry reports for the image (manifest + config + layers), when it does. */
  imageSize?: number;
  tags: string[];
  platform?: Platform;
  /** Digests of the manifests an index refers to. */
  children?: string[];
  /** The manifest this one refers to (signatures, SBOMs, attestations). */
  subject?: string;
  artifactType?: string;
  configMediaType?: string;
  changeableAttributes?: Record<string, boolean>;
}

export interface RepositoryRecord {
  name: string;
  /** What the registry itself reports, reconciled with what was listed (the completeness proof). */
  reportedTagCount: number;
  reportedManifestCount: number;
  changeableAttributes?: Record<string, boolean>;
  /**
   * Tags with attributes of their own (locked, hidden): tag -> the attributes that are false. Recorded
   * so prepare can warn: import-artifacts does not carry tag-level attributes yet.
   */
  tagAttributes?: Record<string, Record<string, boolean>>;
  manifests: ManifestRecord[];
}

export interface Artifacts {
  repositories: RepositoryRecord[];
  /** Repositories left out by include/exclude filters: reported, never silently dropped. */
  excludedRepositories: string[];
  totals: { repositories: number; manifests: number; tags: number; referrers: number; bytes: number };
}

export interface AksConsumer {
  id: string;
  name: string;
  kubeletObjectId?: string;
  roleAssignmentIds: string[];
}

export interface AppConsumer {
  kind: 'webapp' | 'containerapp' | 'containerinstance';
  id: string;
  name: string;
  images: string[];
}

export interface Consumers {
  aksClusters: AksConsumer[];
  apps: AppConsumer[];
  /** Principals with a role on the source that are not AKS clusters. */
  principals: RoleAssignmentRecord[];
}

export interface Mapping {
  name: { from: string; to: string };
  location: { from: string; to: string };
  subnets: Record<string, string>;
  replicationLocations: string[];
  encryptionKey?: string;
  identities: Record<string, string>;
}

export interface RelocationPlan {
  schemaVersion: typeof PLAN_SCHEMA_VERSION;
  /** Stable across re-runs of prepare: derived from the source resource id and the target name. */
  relocationId: string;
  createdAt: string;
  tool: { name: 'acr-relocate'; version: string };
  source: SourceSnapshot;
  target: TargetSpec;
  children: Children;
  artifacts: Artifacts;
  consumers: Consumers;
  checks: Check[];
  mapping: Mapping;
  /**
   * The copy mode the plan was prepared (and its checks judged) for. Optional: plans written before
   * prepare recorded it are server plans.
   */
  copyMode?: CopyMode;
  /** sha256 of the canonical content of everything above (see fingerprint.ts). */
  fingerprint: string;
}
