/**
 * Runs requested seed scenarios: parses and checks every request before anything runs (a typo fails
 * the start, not half a seeding), skips what the state directory already applied, and hands each
 * scenario the list of everything this run executes (the source registry is created once, with the
 * settings every requested scenario needs from the start).
 */
import './scenarios-builtin.js';
import { getScenario, type ScenarioContext, type ScenarioInvocation } from './scenarios.js';
import { rawScenarios, resolveScenario, type ScenarioRequest } from './scenarios-spec.js';

/** The invocations `requests` stand for, in order, without repeats. */
export function resolveRequests(requests: readonly ScenarioRequest[]): ScenarioInvocation[] {
  const seen = new Set<string>();
  const out: ScenarioInvocation[] = [];
  for (const raw of rawScenarios(requests)) {
    const definition = getScenario(raw.name);
    const invocation = resolveScenario(raw, definition);
    definition.check?.(invocation.params);
    if (seen.has(invocation.key)) continue;
    seen.add(invocation.key);
    out.push(invocation);
  }
  return out;
}

/** Runs each requested scenario whose key is not in `applied` (in order); returns the updated applied list. */
export async function runScenarioRequests(
  requests: readonly ScenarioRequest[],
  applied: readonly string[],
  ctx: ScenarioContext,
): Promise<string[]> {
  const done = [...applied];
  const pending = resolveRequests(requests).filter((invocation) => !done.includes(invocation.key));
  const runContext: ScenarioContext = { ...ctx, requested: pending };
  for (const invocation of pending) {
    await getScenario(invocation.name).run(runContext, invocation.params);
    done.push(invocation.key);
  }
  return done;
}
