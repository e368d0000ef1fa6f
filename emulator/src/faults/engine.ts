/**
 * The fault engine behind contract.ts's FaultHook. Each rule keeps its own match counter and its own
 * seeded random generator, so whether a rule fires depends only on the seed and on the sequence of
 * requests that rule matched: reproducible whatever else runs concurrently.
 */
import type { FaultAction, FaultHook } from '../shared/contract.js';
import { createRandom, type Random } from '../shared/prng.js';
import { kindMatches, retryAfterHeaders, type FaultRule } from './rules.js';

interface RuleState {
  rule: FaultRule;
  id: string;
  pathRegex?: RegExp;
  random: Random;
  matched: number;
  fired: number;
}

export interface FaultRuleStatus {
  id: string;
  rule: FaultRule;
  /** Requests the rule matched (kind, method, path). */
  matched: number;
  /** Times it fired. */
  fired: number;
}

export class FaultEngine {
  private states: RuleState[] = [];
  private added = 0;

  constructor(private readonly seed: string) {}

  /** Appends rules (evaluated in order; the first one that fires wins). */
  add(rules: readonly FaultRule[]): void {
    for (const rule of rules) {
      const index = this.added++;
      const id = rule.id ?? `rule-${index}`;
      this.states.push({
        rule,
        id,
        pathRegex: rule.path === undefined ? undefined : new RegExp(rule.path),
        random: createRandom(`${this.seed}\u0000fault\u0000${index}\u0000${id}`),
        matched: 0,
        fired: 0,
      });
    }
  }

  /** Replaces every rule (counters restart). */
  set(rules: readonly FaultRule[]): void {
    this.clear();
    this.add(rules);
  }

  /** Removes every rule; rule positions (part of each rule's random seed) restart at 0. */
  clear(): void {
    this.states = [];
    this.added = 0;
  }

  remove(id: string): boolean {
    const before = this.states.length;
    this.states = this.states.filter((s) => s.id !== id);
    return this.states.length !== before;
  }

  status(): FaultRuleStatus[] {
    return this.states.map((s) => ({ id: s.id, rule: s.rule, matched: s.matched, fired: s.fired }));
  }

  /** The FaultHook services call: undefined means "no fault, do the work". */
  readonly hook: FaultHook = (kind, request) => this.evaluate(kind, request?.method, request?.url);

  evaluate(kind: string, method?: string, path?: string): FaultAction | undefined {
    for (const state of this.states) {
      if (!this.matches(state, kind, method, path)) continue;
      state.matched++;
      if (!this.shouldFire(state)) continue;
      state.fired++;
      return this.actionOf(state.rule);
    }
    return undefined;
  }

  private matches(state: RuleState, kind: string, method?: string, path?: string): boolean {
    const { rule } = state;
    if (!kindMatches(rule.kind, kind)) return false;
    if (rule.method !== undefined && rule.method.toUpperCase() !== (method ?? '').toUpperCase()) return false;
    if (state.pathRegex !== undefined && !state.pathRegex.test(path ?? '')) return false;
    return true;
  }

  private shouldFire(state: RuleState): boolean {
    const { rule } = state;
    if (rule.count !== undefined && state.fired >= rule.count) return false;
    const position = state.matched - (rule.skip ?? 0);
    if (position <= 0) return false;
    if (rule.everyNth !== undefined && position % rule.everyNth !== 0) return false;
    // Always draw, so a rule's sequence of decisions does not depend on its probability being 1.
    const draw = state.random();
    return draw < (rule.probability ?? 1);
  }

  private actionOf(rule: FaultRule): FaultAction {
    const headers = { ...(rule.action.headers ?? {}), ...retryAfterHeaders(rule.retryAfter) };
    return { ...rule.action, headers };
  }
}
