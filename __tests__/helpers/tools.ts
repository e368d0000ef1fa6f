/**
 * Gate for tests that need an external program (docker-registry, skopeo, openssl, …).
 *
 *   const gate = requireTool('docker-registry', 'skopeo');
 *   gate.describe('against a real registry', () => { … });
 *
 * Present: the tests run. Missing locally: a visible console.warn and the tests are skipped.
 * Missing with CI=true: the tests FAIL (a CI image without the tool must not pass silently).
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const found = new Map<string, string | undefined>();

/** Absolute path of an executable on PATH (or an absolute path given), else undefined. */
export function findTool(name: string): string | undefined {
  if (found.has(name)) return found.get(name);
  const candidates = name.includes('/')
    ? [name]
    : (process.env.PATH ?? '').split(delimiter).map((dir) => join(dir, name));
  const path = candidates.find((candidate) => {
    try {
      accessSync(candidate, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  found.set(name, path);
  return path;
}

export function hasTool(name: string): boolean {
  return findTool(name) !== undefined;
}

type Body = () => void;
type TestFn = Parameters<typeof it>[1];

export interface ToolGate {
  /** True when every required tool is installed. */
  readonly available: boolean;
  /** Names of the missing tools. */
  readonly missing: readonly string[];
  describe(name: string, body: Body): void;
  it(name: string, fn: TestFn, timeout?: number): void;
}

function missingMessage(missing: readonly string[]): string {
  return `required tool(s) not installed: ${missing.join(', ')} (Debian: apt-get install -y docker-registry skopeo openssl)`;
}

export function requireTool(...names: string[]): ToolGate {
  const missing = names.filter((name) => !hasTool(name));
  if (missing.length === 0) {
    return {
      available: true,
      missing,
      describe: (name, body) => describe(name, body),
      it: (name, fn, timeout) => it(name, fn, timeout),
    };
  }
  const message = missingMessage(missing);
  if (process.env.CI === 'true') {
    const fail = () => {
      throw new Error(`${message}; CI=true, so this test fails instead of skipping.`);
    };
    return {
      available: false,
      missing,
      describe: (name) => describe(name, () => it(`needs ${missing.join(', ')}`, fail)),
      it: (name) => it(name, fail),
    };
  }
  let warned = false;
  const warn = (name: string) => {
    if (!warned) console.warn(`SKIPPED "${name}": ${message}`);
    warned = true;
  };
  return {
    available: false,
    missing,
    describe: (name, body) => {
      warn(name);
      describe.skip(name, body);
    },
    it: (name, fn, timeout) => {
      warn(name);
      it.skip(name, fn, timeout);
    },
  };
}
