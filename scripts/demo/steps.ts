/** The relocation the demo runs: every command, in pipeline order, with the inputs a user would give. */
import type { RegistryInfo } from '../../emulator/src/index.js';

export interface DemoStep {
  command: string;
  title: string;
  flags: Record<string, string>;
}

export const TARGET_NAME = 'contosodemoweu';
/** The seeded source lives in westeurope; the demo moves it north. */
export const TARGET_LOCATION = 'northeurope';

export function demoSteps(source: RegistryInfo): DemoStep[] {
  return [
    {
      command: 'prepare',
      title: 'Inventory the source and check prerequisites',
      flags: {
        'source-registry': source.resourceId,
        'target-registry': TARGET_NAME,
        'target-location': TARGET_LOCATION,
      },
    },
    { command: 'redeploy', title: 'Create the target registry and its child resources', flags: {} },
    { command: 'import-artifacts', title: 'Copy every manifest by digest', flags: {} },
    {
      command: 'rewire-consumers',
      title: 'Point consumers and manifests at the target',
      flags: { 'rewrite-paths': 'manifests/**' },
    },
    { command: 'verify', title: 'Prove the target holds everything the source held', flags: {} },
    {
      command: 'retire-source',
      title: 'Retire the source (brownout), after the approval a pipeline would ask for',
      flags: { 'confirm-source-registry': source.name, 'retire-mode': 'disable' },
    },
  ];
}

/** A Kubernetes manifest that pulls from the source, for rewire-consumers to rewrite. */
export function sampleManifest(loginServer: string): string {
  return [
    '# A deployment that pulls from the registry being moved.',
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${loginServer}/app/web:1.0`,
    '',
  ].join('\n');
}
