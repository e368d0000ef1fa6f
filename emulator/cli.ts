/**
 * `npm run emulator -- [--seed a,b] [--state-dir DIR] [--env-file FILE] [--faults FILE] [options]`
 *
 * Prints one JSON line (tenantId, subscriptionId, clientId, clientSecret, authorityHost, armEndpoint,
 * caFile, registries) as the first line of stdout, then serves until SIGINT or SIGTERM and exits 0,
 * leaving the state directory in place (run again with the same --state-dir to get the same tenant,
 * resources and images back). Diagnostics go to stderr.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { envFileLines, parseFaultRules, startEmulator, type EmulatorOptions } from './src/index.js';

const USAGE = `usage: npm run emulator -- [options]
  --seed a,b              seed scenarios to run (default: minimal): minimal, small, large, consumers,
                          restricted; parameters after a colon, e.g.
                          small,consumers:lock,large:repos=100,tags=10000,digests=7700,restricted:bypass=None
                          (the source registry is registries[0] of the JSON line)
  --state-dir DIR         keep state here (default: a new temporary directory)
  --env-file FILE         write AZURE_*, ACR_RELOCATE_*, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE (dotenv)
  --faults FILE           fault rules (JSON array or { "rules": [...] })
  --rng-seed TEXT         seed for identities and fault decisions (default: acr-relocate)
  --rbac                  enforce RBAC on ARM requests
  --no-throttling         disable ARM throttling
  --token-lifetime SEC    access token lifetime (default 3600)
  --lro-duration-ms MS    how long long-running operations take (default 20)
  --lro-retry-after SEC   Retry-After on long-running operations (default 0)
  --page-size N           ARM list page size (default 100)`;

async function main(): Promise<void> {
  // package.json runs `node build/emulator/cli.js -- …`: Node 20 would otherwise read `--env-file`
  // itself (as its own dotenv option) even after the script name. Drop that separator here.
  const args = process.argv.slice(2);
  if (args[0] === '--') args.shift();
  const { values } = parseArgs({
    args,
    options: {
      seed: { type: 'string' },
      'state-dir': { type: 'string' },
      'env-file': { type: 'string' },
      faults: { type: 'string' },
      'rng-seed': { type: 'string' },
      rbac: { type: 'boolean' },
      'no-throttling': { type: 'boolean' },
      'token-lifetime': { type: 'string' },
      'lro-duration-ms': { type: 'string' },
      'lro-retry-after': { type: 'string' },
      'page-size': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    return;
  }
  const stateDir = values['state-dir'] ?? mkdtempSync(join(tmpdir(), 'acr-relocate-emulator-'));
  const options: EmulatorOptions = {
    stateDir,
    // One text: parameters may follow a scenario after commas (`large:repos=100,tags=10000`).
    scenarios: values.seed === undefined ? undefined : [values.seed],
    faults: values.faults === undefined ? undefined : parseFaultRules(JSON.parse(readFileSync(values.faults, 'utf8'))),
    seed: values['rng-seed'],
    rbac: values.rbac ?? false,
    throttling: values['no-throttling'] ? false : undefined,
    tokenLifetimeSeconds: numberOption(values['token-lifetime'], '--token-lifetime'),
    lro: {
      durationMs: numberOption(values['lro-duration-ms'], '--lro-duration-ms'),
      retryAfterSeconds: numberOption(values['lro-retry-after'], '--lro-retry-after'),
    },
    pageSize: numberOption(values['page-size'], '--page-size'),
  };
  const emulator = await startEmulator(options);
  const info = emulator.connectionInfo();
  if (values['env-file']) writeFileSync(values['env-file'], envFileLines(info), { mode: 0o600 });
  process.stdout.write(`${JSON.stringify(info)}\n`);
  process.stderr.write(`emulator: serving; state in ${stateDir}; stop with Ctrl+C\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`emulator: ${signal} received, stopping\n`);
    emulator.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`emulator: stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

function numberOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`${name} must be a non-negative number, got '${value}'`);
  return parsed;
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
