/**
 * The shape of bench/results.json, and how a case's outcome is written down. Figures are plain
 * numbers, strings and booleans (units in their names: Ms, MB, PerSecond), so the JSON diffs well
 * between runs and the Markdown renders them without knowing each case.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Machine } from './machine.js';

export const CASE_NAMES = [
  'server-import-vs-runbook',
  'noop-rerun',
  'client-copy-vs-skopeo',
  'inventory-100k',
  'verify-100k',
  'client-copy-1gib-memory',
] as const;

export type CaseName = (typeof CASE_NAMES)[number];

export type Figure = number | string | boolean | null;
export type Figures = Record<string, Figure>;

export interface CaseResult {
  name: CaseName;
  /** What was measured, in a sentence (the size actually run included). */
  description: string;
  ours: Figures;
  baseline: Figures;
  /** The case's headline ratio (see ratioOf), rounded; null when it could not be measured. */
  ratio: number | null;
  /** How `ratio` is computed, e.g. "baseline wall time / ours wall time". */
  ratioOf: string;
  /** The target, in words. */
  goal: string;
  met: boolean;
  /** Caveats and, for a missed goal, by how much and why. */
  notes: string[];
  /** Set when something broke (lost items, a failed command): the bench then exits 1. */
  broken?: string;
}

export interface BenchResults {
  machine: Machine;
  mode: 'full' | 'quick';
  /** Sizes are multiplied by this (1 in full mode, 0.1 in quick mode). */
  scale: number;
  startedAt: string;
  durationMs: number;
  cases: CaseResult[];
}

/** A case that threw: recorded as broken with its error, so the other cases still report. */
export function brokenCase(name: CaseName, description: string, goal: string, error: unknown): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    name,
    description,
    ours: {},
    baseline: {},
    ratio: null,
    ratioOf: 'not measured',
    goal,
    met: false,
    notes: [],
    broken: message,
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function writeResults(directory: string, results: BenchResults, markdown: string): string[] {
  const json = join(directory, 'results.json');
  const md = join(directory, 'results.md');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(md, markdown);
  return [json, md];
}
