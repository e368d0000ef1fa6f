import type { InputSpec } from './types.js';

/**
 * Every input of every command, once. action.yml, tasks/*\/task.json, the CLI flags and
 * docs/commands.md are generated from this table (`npm run generate`) and a test proves they agree.
 * Outputs live in ./outputs.ts.
 */
export const INPUTS: readonly InputSpec[] = [
  // ── Azure connection ───────────────────────────────────────────────────────────────────────
  {
    name: 'azure-subscription',
    description: 'Azure Resource Manager service connection used to sign in to Azure.',
    type: 'string',
    commands: 'all',
    requiredFor: ['prepare', 'redeploy', 'import-artifacts', 'rewire-consumers', 'verify', 'retire-source'],
    hosts: ['azure-pipelines'],
    group: 'azure',
  },
  {
    name: 'client-id',
    description:
      "Client (application) id of the Entra app or user-assigned identity to sign in as with GitHub OIDC. With tenant-id set, the action exchanges the job's OIDC token (needs `permissions: id-token: write`); without them it uses DefaultAzureCredential (for example after azure/login).",
    type: 'string',
    commands: 'all',
    hosts: ['github'],
    group: 'azure',
  },
  {
    name: 'tenant-id',
    description: 'Entra tenant id to sign in to with GitHub OIDC (together with client-id).',
    type: 'string',
    commands: 'all',
    hosts: ['github'],
    group: 'azure',
  },
  {
    name: 'audience',
    description:
      "Audience of the GitHub OIDC token exchanged for an Entra token. Default: api://AzureADTokenExchange, or the sovereign cloud's own.",
    type: 'string',
    commands: 'all',
    hosts: ['github'],
    group: 'azure',
  },
  {
    name: 'subscription-id',
    description:
      "Subscription that holds the source registry (and, unless the plan says otherwise, the target). Default: the service connection's subscription on Azure Pipelines.",
    type: 'string',
    commands: 'all',
    group: 'azure',
  },
  {
    name: 'environment',
    description: 'Azure cloud to talk to.',
    type: 'string',
    default: 'AzureCloud',
    allowed: ['AzureCloud', 'AzureUSGovernment', 'AzureChinaCloud'],
    commands: 'all',
    group: 'azure',
  },
  {
    name: 'arm-endpoint',
    description: 'Resource Manager endpoint override, for Azure Stack or the local emulator (https only).',
    type: 'string',
    commands: 'all',
    group: 'advanced',
  },
  {
    name: 'authority-host',
    description:
      'Entra authority host override, for Azure Stack or the local emulator (https only). With an override, instance discovery is switched off so no request goes to the public cloud.',
    type: 'string',
    commands: 'all',
    group: 'advanced',
  },
  // ── Plan and report files ──────────────────────────────────────────────────────────────────
  {
    name: 'plan-path',
    description: 'Relocation plan file: written by prepare, read by every later command. Must be inside the workspace.',
    type: 'string',
    default: 'relocation/plan.json',
    commands: 'all',
  },
  {
    name: 'report-path',
    description: 'Verification report file: written by verify, required by retire-source.',
    type: 'string',
    default: 'relocation/verify-report.json',
    commands: ['verify', 'retire-source'],
  },
  // ── prepare ────────────────────────────────────────────────────────────────────────────────
  {
    name: 'source-registry',
    description: 'Registry to move: its name (with source-resource-group) or its full resource id.',
    type: 'string',
    commands: ['prepare'],
    requiredFor: ['prepare'],
  },
  {
    name: 'source-resource-group',
    description: 'Resource group of the source registry (not needed when source-registry is a resource id).',
    type: 'string',
    commands: ['prepare'],
  },
  {
    name: 'target-registry',
    description: 'Name of the registry to create in the target region (5-50 alphanumerics, globally unique).',
    type: 'string',
    commands: ['prepare'],
    requiredFor: ['prepare'],
  },
  {
    name: 'target-resource-group',
    description: "Resource group for the target registry (created by redeploy when missing). Default: the source's.",
    type: 'string',
    commands: ['prepare'],
  },
  {
    name: 'target-location',
    description: 'Azure region to move the registry to, e.g. westeurope.',
    type: 'string',
    commands: ['prepare'],
    requiredFor: ['prepare'],
  },
  {
    name: 'target-sku',
    description: "SKU of the target registry. Default: the source's.",
    type: 'string',
    allowed: ['Basic', 'Standard', 'Premium'],
    commands: ['prepare'],
  },
  {
    name: 'include-repositories',
    description: 'Only these repositories (globs, one per line or comma-separated). Default: all.',
    type: 'list',
    commands: ['prepare', 'import-artifacts'],
  },
  {
    name: 'exclude-repositories',
    description: 'Leave these repositories out (globs). What is left out is reported, never silently dropped.',
    type: 'list',
    commands: ['prepare', 'import-artifacts'],
  },
  {
    name: 'subnet-map',
    description:
      "Target subnet for each subnet the source's private endpoints live in, one `source-subnet-id => target-subnet-id` per line. Create the target VNets and subnets first: prepare checks that they exist in the target region.",
    type: 'map',
    commands: ['prepare'],
  },
  {
    name: 'replication-locations',
    description:
      "Regions for the target's geo-replicas (Premium). Default: the source's replica regions, minus the new home region.",
    type: 'list',
    commands: ['prepare'],
  },
  {
    name: 'encryption-key',
    description:
      "Key Vault key URI for the target's customer-managed key. Required when the source uses CMK: it can only be set when the registry is created.",
    type: 'string',
    commands: ['prepare'],
  },
  {
    name: 'identity-map',
    description:
      'Target user-assigned identity for each source identity, one `source-identity-id => target-identity-id` per line.',
    type: 'map',
    commands: ['prepare'],
  },
  {
    name: 'consumer-scope',
    description:
      "Where to look for consumers (AKS, Web Apps, Container Apps, Container Instances): subscription or resource group ids. Default: the source's subscription.",
    type: 'list',
    commands: ['prepare'],
  },
  // ── redeploy ───────────────────────────────────────────────────────────────────────────────
  {
    name: 'dry-run',
    description: 'Validate and show what would change, change nothing.',
    type: 'boolean',
    default: 'false',
    commands: ['redeploy', 'rewire-consumers'],
  },
  {
    name: 'adopt-existing',
    description:
      "Allow redeploy to take over a target registry that exists without this relocation's acr-relocation tag.",
    type: 'boolean',
    default: 'false',
    commands: ['redeploy'],
  },
  {
    name: 'regenerate-token-passwords',
    description: "Generate new passwords for the target's repository-scoped tokens (returned as masked outputs).",
    type: 'boolean',
    default: 'false',
    commands: ['redeploy'],
  },
  {
    name: 'private-endpoint-subnet-ids',
    description:
      "Subnets to create private endpoints for the target in (Premium). Default: the target subnets subnet-map gave for the source's private endpoints; source endpoints without a mapping are listed as work for a human.",
    type: 'list',
    commands: ['redeploy'],
  },
  {
    name: 'private-dns-zone-id',
    description: 'Private DNS zone (privatelink.azurecr.io) to attach to the created private endpoints.',
    type: 'string',
    commands: ['redeploy'],
  },
  // ── import-artifacts ───────────────────────────────────────────────────────────────────────
  {
    name: 'copy-mode',
    description:
      'server: Azure copies each image (ARM importImage). client: this runner streams blobs between the registries (images beyond import limits, or a source whose export policy or firewall blocks server-side import; the runner must reach both registries). Choose it at prepare: the plan records it and the checks judge the source for it (a disabled export policy then warns). import-artifacts warns when run with the other mode and refuses server on a client plan whose source blocks import.',
    type: 'string',
    default: 'server',
    allowed: ['server', 'client'],
    commands: ['prepare', 'import-artifacts'],
  },
  {
    name: 'refresh',
    description:
      'Re-inventory the source first so tags pushed after prepare are carried too (delta sync before cutover).',
    type: 'boolean',
    default: 'false',
    commands: ['import-artifacts'],
  },
  {
    name: 'freeze-source',
    description:
      'Set writeEnabled=false on the source repositories in scope first so the final delta is consistent. Each previous value is recorded in freeze.json next to the plan; retire-source with restore: true puts them back.',
    type: 'boolean',
    default: 'false',
    commands: ['import-artifacts'],
  },
  {
    name: 'force',
    description:
      'Overwrite target tags that point at a different digest. Without it such conflicts stop that item and are listed.',
    type: 'boolean',
    default: 'false',
    commands: ['import-artifacts'],
  },
  {
    name: 'max-concurrency',
    description:
      "Imports (and verify's reads) in flight at once. The default keeps Resource Manager's write budget (10 per second) busy even when an import takes several seconds; on throttling the window halves by itself.",
    type: 'integer',
    default: '64',
    min: 1,
    max: 256,
    commands: ['import-artifacts', 'verify'],
  },
  {
    name: 'import-timeout',
    description:
      'Seconds to wait for one import before checking the target by digest and resubmitting (at most twice).',
    type: 'integer',
    default: '600',
    min: 5,
    max: 86400,
    commands: ['import-artifacts'],
  },
  {
    name: 'shard',
    description:
      'Process only shard i of n (`i/n`, 1-based) of the work, split deterministically by repository, for a job matrix.',
    type: 'string',
    default: '1/1',
    commands: ['import-artifacts'],
  },
  {
    name: 'include-tags',
    description:
      'Only tags matching these globs (or /regex/). Untagged manifests and referrers of included images still move.',
    type: 'list',
    commands: ['import-artifacts'],
  },
  // ── rewire-consumers ───────────────────────────────────────────────────────────────────────
  {
    name: 'aks-clusters',
    description: 'AKS cluster resource ids to grant pull access on the target. Default: the clusters found by prepare.',
    type: 'list',
    commands: ['rewire-consumers'],
  },
  {
    name: 'detach-source',
    description: "Also remove the clusters' pull role on the source (only during or after retire-source's brownout).",
    type: 'boolean',
    default: 'false',
    commands: ['rewire-consumers'],
  },
  {
    name: 'rewrite-paths',
    description:
      'Files whose image references to rewrite (globs). Default: Kubernetes YAML, Helm values, kustomization, Dockerfiles, compose, Bicep/Terraform, pipeline YAML.',
    type: 'list',
    commands: ['rewire-consumers'],
  },
  {
    name: 'open-pull-request',
    description: 'Commit the rewritten files on a branch and open (or update) a pull request.',
    type: 'boolean',
    default: 'false',
    commands: ['rewire-consumers'],
  },
  {
    name: 'github-token',
    description: 'Token for opening the pull request on GitHub (contents: write, pull-requests: write).',
    type: 'string',
    default: '${{ github.token }}',
    commands: ['rewire-consumers'],
    hosts: ['github'],
    secret: true,
  },
  {
    name: 'update-apps',
    description: 'Update Web Apps, Functions and Container Apps to pull from the target (otherwise they are listed).',
    type: 'boolean',
    default: 'false',
    commands: ['rewire-consumers'],
  },
  // ── verify ─────────────────────────────────────────────────────────────────────────────────
  {
    name: 'fail-on',
    description:
      'When verify fails the step: mismatch (target lacks or differs from the plan), drift (also when the source changed since the plan), never.',
    type: 'string',
    default: 'mismatch',
    allowed: ['mismatch', 'drift', 'never'],
    commands: ['verify'],
  },
  // ── retire-source ──────────────────────────────────────────────────────────────────────────
  {
    name: 'confirm-source-registry',
    description: "The source registry's name, typed again: retire-source refuses to act unless it matches the plan.",
    type: 'string',
    commands: ['retire-source'],
    requiredFor: ['retire-source'],
  },
  {
    name: 'retire-mode',
    description:
      'disable: brownout (public access off, repositories read-disabled, reversible with restore). delete: delete the source registry.',
    type: 'string',
    default: 'disable',
    allowed: ['disable', 'delete'],
    commands: ['retire-source'],
  },
  {
    name: 'restore',
    description:
      "Undo what acr-relocate changed on the source, newest first: the brownout (public network access, then each repository's readEnabled/writeEnabled, from retire-state.json), then freeze-source (each repository's writeEnabled before the freeze, from freeze.json). Needs confirm-source-registry but no verification report; a second run changes nothing.",
    type: 'boolean',
    default: 'false',
    commands: ['retire-source'],
  },
  {
    name: 'max-report-age',
    description: 'Minutes a verification report stays valid for retire-source.',
    type: 'integer',
    default: '60',
    min: 1,
    max: 10080,
    commands: ['retire-source'],
  },
  {
    name: 'require-idle',
    description:
      'Refuse unless the source had no pulls or pushes in the look-back window (SuccessfulPullCount/SuccessfulPushCount).',
    type: 'boolean',
    default: 'true',
    commands: ['retire-source'],
  },
];
