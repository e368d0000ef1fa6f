import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { writeJsonFileAtomic } from '../fs/json-file.js';
import { parseJsonBytes } from '../fs/json-read.js';
import { fingerprintOf } from '../plan/canonical.js';
import { REPORT_SCHEMA_VERSION, type VerifyReport } from './model.js';
import { REPORT_JSON_SCHEMA } from './schema.js';

let validateReport: ReturnType<Ajv2020['compile']> | undefined;

function validator(): ReturnType<Ajv2020['compile']> {
  validateReport ??= new Ajv2020({ allErrors: true, strict: true }).compile(REPORT_JSON_SCHEMA);
  return validateReport;
}

/** The Markdown file written beside the JSON report: verify-report.json → verify-report.md. */
export function markdownPathOf(reportPath: string): string {
  return reportPath.endsWith('.json') ? `${reportPath.slice(0, -'.json'.length)}.md` : `${reportPath}.md`;
}

/**
 * Fill in the fingerprint, then write the JSON report and its Markdown, each atomically. The JSON
 * goes last: a reader that finds it finds the Markdown of the same run beside it.
 */
export async function writeReport(
  path: string,
  report: Omit<VerifyReport, 'fingerprint'>,
  markdown: (report: VerifyReport) => string,
): Promise<VerifyReport> {
  const complete = { ...report, fingerprint: fingerprintOf(report) } as VerifyReport;
  await writeFileAtomic(markdownPathOf(path), markdown(complete));
  await writeJsonFileAtomic(path, complete);
  return complete;
}

export type ReportLoad = { ok: true; report: VerifyReport } | { ok: false; reason: string; hint: string };

const RERUN = 'Run verify again (after import-artifacts if it found something missing) and use the report it writes.';

/**
 * Read a report and prove it is one verify wrote, unchanged: JSON, schema version, JSON Schema,
 * fingerprint over its content. Never throws for a bad report: retire-source lists the reason
 * among everything else that stops it.
 */
export async function loadReport(path: string): Promise<ReportLoad> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch {
    return { ok: false, reason: `There is no verification report at ${path}.`, hint: RERUN };
  }
  let document: unknown;
  try {
    document = parseJsonBytes(bytes);
  } catch (error) {
    return { ok: false, reason: `${path} is not valid JSON (${(error as Error).message}).`, hint: RERUN };
  }
  const version = (document as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    return {
      ok: false,
      reason: `${path} has schemaVersion ${JSON.stringify(version)}; this version of acr-relocate reads ${REPORT_SCHEMA_VERSION}.`,
      hint: RERUN,
    };
  }
  const validate = validator();
  if (!validate(document)) {
    const problems = (validate.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '/'} ${e.message}`);
    return { ok: false, reason: `${path} does not match the report schema: ${problems.join('; ')}.`, hint: RERUN };
  }
  const report = document as VerifyReport;
  const actual = fingerprintOf(report);
  if (actual !== report.fingerprint) {
    return {
      ok: false,
      reason: `${path} was changed after verify wrote it (fingerprint ${report.fingerprint}, content ${actual}).`,
      hint: 'retire-source acts only on the report that was approved, unedited. ' + RERUN,
    };
  }
  return { ok: true, report };
}
