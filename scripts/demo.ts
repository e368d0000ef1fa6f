/**
 * `npm run demo`: the whole relocation against the local emulator, through the committed CLI bundle,
 * exactly as a user would run it. `npm run demo -- --keep` leaves the emulator running afterwards.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startEmulator, envFileLines, type Emulator } from '../emulator/src/index.js';
import { demoSteps, sampleManifest, type DemoStep } from './demo/steps.js';
import { isMainModule, repoRoot } from './metadata/project.js';

const bold = (text: string) => (process.stdout.isTTY ? `\u001b[1m${text}\u001b[0m` : text);

interface StepResult {
  step: DemoStep;
  status: 'succeeded' | 'failed';
  stdout: string;
}

function runCli(step: DemoStep, env: NodeJS.ProcessEnv, workspace: string): Promise<StepResult> {
  const args = [
    join(repoRoot(), 'dist/cli/index.js'),
    step.command,
    ...Object.entries(step.flags).map(([k, v]) => `--${k}=${v}`),
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => process.stderr.write(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const status = code === 0 ? 'succeeded' : 'failed';
      resolve({ step, status, stdout });
    });
  });
}

function demoEnvironment(emulator: Emulator): NodeJS.ProcessEnv {
  const info = emulator.connectionInfo();
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AZURE_TENANT_ID: info.tenantId,
    AZURE_CLIENT_ID: info.clientId,
    AZURE_CLIENT_SECRET: info.clientSecret,
    ACR_RELOCATE_ARM_ENDPOINT: info.armEndpoint,
    ACR_RELOCATE_AUTHORITY_HOST: info.authorityHost,
    ACR_RELOCATE_SUBSCRIPTION_ID: info.subscriptionId,
    NODE_EXTRA_CA_CERTS: info.caFile,
    SSL_CERT_FILE: info.caFile,
  };
}

export async function demo(keep: boolean): Promise<number> {
  const started = Date.now();
  const root = mkdtempSync(join(tmpdir(), 'acr-relocate-demo-'));
  const workspace = join(root, 'workspace');
  mkdirSync(join(workspace, 'manifests'), { recursive: true });
  console.log(bold('Starting the local Azure emulator (Entra ID, Resource Manager, Container Registry)…'));
  const emulator = await startEmulator({ stateDir: join(root, 'emulator'), scenarios: ['small', 'consumers'] });
  const source = emulator.registries()[0];
  writeFileSync(join(workspace, 'manifests', 'deployment.yaml'), sampleManifest(source.loginServer));
  const envFile = join(root, 'emulator.env');
  writeFileSync(envFile, envFileLines(emulator.connectionInfo()));
  console.log(`Source registry ${source.name} (${source.location}) at ${source.loginServer}; workspace ${workspace}\n`);

  const results: StepResult[] = [];
  const env = demoEnvironment(emulator);
  for (const [index, step] of demoSteps(source).entries()) {
    console.log(bold(`\n━━ ${index + 1}/6 ${step.command}: ${step.title}`));
    const result = await runCli(step, env, workspace);
    results.push(result);
    if (result.status === 'failed') break;
  }
  console.log(bold('\n━━ Demo result'));
  for (const { step, status } of results)
    console.log(`  ${status === 'succeeded' ? '✅' : '❌'} ${step.command}: ${status}`);
  const verify = results.find((r) => r.step.command === 'verify' && r.status === 'succeeded');
  const headline = verify?.stdout.split('\n').find((line) => /artifacts verified by digest/.test(line));
  if (headline) console.log(`\n${headline.trim()}`);
  console.log(`\nPlan:      ${join(workspace, 'relocation/plan.json')}`);
  console.log(`Report:    ${join(workspace, 'relocation/verify-report.json')}`);
  console.log(`Manifests: ${join(workspace, 'manifests')} (rewritten by rewire-consumers)`);
  console.log(`Took ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const failed = results.some((r) => r.status === 'failed');
  if (keep) {
    console.log(
      bold(
        `\nThe emulator keeps running. In another shell: set -a; . ${relative(process.cwd(), envFile) || envFile}; set +a`,
      ),
    );
    console.log('then run any command, e.g. node dist/cli/index.js prepare --help. Stop with Ctrl+C.');
    await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  }
  await emulator.stop();
  return failed ? 1 : 0;
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await demo(process.argv.includes('--keep'));
}
