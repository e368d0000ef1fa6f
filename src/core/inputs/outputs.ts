import type { OutputSpec } from './types.js';

/** Every output of every command, once (see ./table.ts for inputs). */
export const OUTPUTS: readonly OutputSpec[] = [
  { name: 'plan-path', description: 'Path of the relocation plan.', commands: ['prepare'] },
  { name: 'plan-fingerprint', description: "sha256 of the plan's canonical content.", commands: ['prepare'] },
  { name: 'repository-count', description: 'Repositories in the plan.', commands: ['prepare'] },
  { name: 'manifest-count', description: 'Manifests (by digest) in the plan.', commands: ['prepare'] },
  { name: 'tag-count', description: 'Tags in the plan.', commands: ['prepare'] },
  {
    name: 'referrer-count',
    description: 'Referrers (signatures, SBOMs, attestations) in the plan.',
    commands: ['prepare'],
  },
  {
    name: 'total-bytes',
    description: 'Bytes of all manifests with their blobs, as the registry reports them.',
    commands: ['prepare'],
  },
  { name: 'checks-failed', description: 'Prerequisite checks that failed.', commands: ['prepare'] },
  { name: 'target-resource-id', description: 'Resource id of the target registry.', commands: ['redeploy'] },
  { name: 'target-login-server', description: 'Login server of the target registry.', commands: ['redeploy'] },
  { name: 'template-path', description: 'ARM template generated for the target.', commands: ['redeploy'] },
  {
    name: 'deployment-name',
    description: 'Name of the deployment in the target resource group.',
    commands: ['redeploy'],
  },
  {
    name: 'token-passwords',
    description:
      'With regenerate-token-passwords: JSON {"<token>": {"username", "password1", "password2"}} of the passwords generated for the target\'s tokens (masked).',
    commands: ['redeploy'],
    secret: true,
  },
  { name: 'imported-count', description: 'Manifests imported by this run.', commands: ['import-artifacts'] },
  { name: 'skipped-count', description: 'Manifests already in the target.', commands: ['import-artifacts'] },
  { name: 'failed-count', description: 'Manifests that could not be imported.', commands: ['import-artifacts'] },
  { name: 'conflict-count', description: 'Target tags that point at another digest.', commands: ['import-artifacts'] },
  {
    name: 'role-assignments-created',
    description: 'Role assignments created on the target.',
    commands: ['rewire-consumers'],
  },
  {
    name: 'files-changed',
    description: 'Files whose image references were rewritten.',
    commands: ['rewire-consumers'],
  },
  { name: 'pull-request-url', description: 'Pull request with the rewritten files.', commands: ['rewire-consumers'] },
  { name: 'apps-updated', description: 'Apps re-pointed at the target.', commands: ['rewire-consumers'] },
  { name: 'verified', description: 'true when the target holds everything the plan holds.', commands: ['verify'] },
  {
    name: 'report-path',
    description: 'Path of the verification report (JSON; Markdown beside it).',
    commands: ['verify'],
  },
  { name: 'report-fingerprint', description: "sha256 of the report's canonical content.", commands: ['verify'] },
  { name: 'missing-count', description: 'Artifacts missing in the target.', commands: ['verify'] },
  { name: 'mismatch-count', description: 'Artifacts or settings that differ.', commands: ['verify'] },
  { name: 'drift-count', description: 'Changes on the source since the plan.', commands: ['verify'] },
  {
    name: 'retired',
    description: 'What retire-source did: disabled, deleted, restored or none.',
    commands: ['retire-source'],
  },
];
