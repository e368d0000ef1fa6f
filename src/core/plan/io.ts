import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { RelocationError } from '../errors.js';
import { writeJsonFileAtomic } from '../fs/json-file.js';
import { parseJsonBytes } from '../fs/json-read.js';
import { fingerprintOf } from './canonical.js';
import { PLAN_SCHEMA_VERSION, type RelocationPlan } from './model.js';
import { PLAN_JSON_SCHEMA } from './schema.js';

let validatePlan: ReturnType<Ajv2020['compile']> | undefined;

function validator(): ReturnType<Ajv2020['compile']> {
  validatePlan ??= new Ajv2020({ allErrors: true, strict: true }).compile(PLAN_JSON_SCHEMA);
  return validatePlan;
}

/** Fill in the fingerprint and write the plan atomically (a crash never leaves half a plan). */
export async function writePlan(path: string, plan: Omit<RelocationPlan, 'fingerprint'>): Promise<RelocationPlan> {
  const complete = { ...plan, fingerprint: fingerprintOf(plan) } as RelocationPlan;
  await writeJsonFileAtomic(path, complete);
  return complete;
}

/**
 * Read a plan and prove it is the one that was written: schema version, JSON Schema, fingerprint.
 * Every failure says what is wrong and what to do.
 */
export async function readPlan(path: string): Promise<RelocationPlan> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    throw new RelocationError(
      'PLAN_INVALID',
      `No relocation plan at ${path}.`,
      'Run prepare first, or set plan-path to where its plan was written.',
    );
  }
  let document: unknown;
  try {
    // Parsed without making the 50 MB text of a large plan one string (see json-read.ts).
    document = parseJsonBytes(bytes);
  } catch (error) {
    throw new RelocationError(
      'PLAN_INVALID',
      `${path} is not valid JSON: ${(error as Error).message}.`,
      'Restore the plan written by prepare, or run prepare again.',
    );
  }
  const version = (document as { schemaVersion?: unknown })?.schemaVersion;
  if (version !== PLAN_SCHEMA_VERSION) {
    throw new RelocationError(
      'PLAN_INVALID',
      `${path} has schemaVersion ${JSON.stringify(version)}; this version of acr-relocate reads schemaVersion ${PLAN_SCHEMA_VERSION}.`,
      'Run prepare again with this version of acr-relocate.',
    );
  }
  const validate = validator();
  if (!validate(document)) {
    const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new RelocationError(
      'PLAN_INVALID',
      `${path} does not match the plan schema: ${problems.join('; ')}.`,
      'Restore the plan written by prepare, or run prepare again.',
    );
  }
  const plan = document as RelocationPlan;
  const actual = fingerprintOf(plan);
  if (actual !== plan.fingerprint) {
    throw new RelocationError(
      'PLAN_INVALID',
      `${path} was changed after prepare wrote it (fingerprint ${plan.fingerprint}, content ${actual}).`,
      'Later stages act only on the plan that was reviewed. Run prepare again to make a new plan.',
    );
  }
  return plan;
}

/** Later commands refuse a plan whose prerequisite checks failed. */
export function assertNoFailedChecks(plan: RelocationPlan): void {
  const failed = plan.checks.filter((check) => check.status === 'fail');
  if (failed.length > 0) {
    throw new RelocationError(
      'CHECKS_FAILED',
      `The plan has ${failed.length} failed check(s): ${failed.map((c) => c.id).join(', ')}.`,
      'Fix what the checks say (see the prepare summary), then run prepare again.',
    );
  }
}
