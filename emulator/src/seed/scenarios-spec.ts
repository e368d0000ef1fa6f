/**
 * How seed scenarios are requested, on the command line and in EmulatorOptions.scenarios:
 *
 *   small,consumers:lock,large:repos=100,tags=10000,digests=7700,restricted:bypass=None:export=disabled
 *
 * Comma-separated tokens. A token that starts with a name starts a scenario; parameters follow the
 * name after a colon (several separated by colons). A token that starts with `key=value` adds
 * parameters to the scenario before it. A bare parameter (`lock`) is a flag set to true. Programmatically, `{ name: 'large', params: { repositories: 100, tags: 10000 } }`
 * is the same as `large:repos=100,tags=10000`. Parameters are checked against what the scenario
 * declares (unknown names and bad values fail the start), defaults filled in, aliases resolved.
 */
import type { ParamSpec, ParamValue, ScenarioDefinition, ScenarioInvocation, ScenarioParams } from './scenarios.js';

/** An entry of EmulatorOptions.scenarios. */
export type ScenarioRequest = string | { name: string; params?: Readonly<Record<string, ParamValue>> };

interface RawScenario {
  name: string;
  params: Array<[string, string]>;
}

/** Splits one request text (CLI `--seed`) into scenarios with their raw parameters. */
export function parseScenarioList(text: string): RawScenario[] {
  const out: RawScenario[] = [];
  for (const token of text.split(',').map((t) => t.trim())) {
    if (token === '') continue;
    const colon = token.indexOf(':');
    const head = colon < 0 ? token : token.slice(0, colon);
    const items = (colon < 0 ? '' : token.slice(colon + 1)).split(':').filter((item) => item.trim() !== '');
    if (head.includes('=')) {
      // `key=value[:key=value…]`: more parameters of the scenario before it.
      const previous = out[out.length - 1];
      if (!previous) throw new Error(`seed: parameter '${token}' comes before any scenario`);
      previous.params.push(parseParam(head), ...items.map(parseParam));
    } else {
      out.push({ name: head.trim(), params: items.map(parseParam) });
    }
  }
  return out;
}

function parseParam(item: string): [string, string] {
  const equals = item.indexOf('=');
  return equals < 0 ? [item.trim(), 'true'] : [item.slice(0, equals).trim(), item.slice(equals + 1).trim()];
}

/** Every request as raw scenarios (strings may hold several, objects are one). */
export function rawScenarios(requests: readonly ScenarioRequest[]): RawScenario[] {
  return requests.flatMap((request) =>
    typeof request === 'string'
      ? parseScenarioList(request)
      : [{ name: request.name, params: Object.entries(request.params ?? {}).map(([k, v]) => [k, String(v)]) }],
  );
}

/** Checks a scenario's raw parameters against its declaration and fills in defaults. */
export function resolveScenario(raw: RawScenario, definition: ScenarioDefinition): ScenarioInvocation {
  const specs = definition.params ?? {};
  const params: Record<string, ParamValue> = {};
  for (const [given, text] of raw.params) {
    const name = canonicalName(specs, given);
    if (!name) {
      const known = Object.keys(specs);
      throw new Error(
        `seed: scenario '${raw.name}' has no parameter '${given}'` +
          (known.length > 0 ? ` (known: ${known.join(', ')})` : ' (it takes none)'),
      );
    }
    params[name] = parseValue(raw.name, name, specs[name] as ParamSpec, text);
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (params[name] === undefined && spec.default !== undefined) params[name] = spec.default;
  }
  return { name: raw.name, params, key: invocationKey(raw.name, params) };
}

function canonicalName(specs: Readonly<Record<string, ParamSpec>>, given: string): string | undefined {
  const lower = given.toLowerCase();
  return Object.entries(specs).find(
    ([name, spec]) => name.toLowerCase() === lower || (spec.aliases ?? []).some((a) => a.toLowerCase() === lower),
  )?.[0];
}

function parseValue(scenario: string, name: string, spec: ParamSpec, text: string): ParamValue {
  const where = `seed: ${scenario}:${name}`;
  if (spec.type === 'int') {
    if (!/^\d+$/.test(text)) throw new Error(`${where} must be a non-negative integer, got '${text}'`);
    return Number(text);
  }
  if (spec.type === 'flag') {
    if (/^(true|yes|1)$/i.test(text)) return true;
    if (/^(false|no|0)$/i.test(text)) return false;
    throw new Error(`${where} is a flag (true or false), got '${text}'`);
  }
  const word = spec.type.find((w) => w.toLowerCase() === text.toLowerCase());
  if (word === undefined) throw new Error(`${where} must be one of ${spec.type.join(', ')}, got '${text}'`);
  return word;
}

/** What the emulator's state records for a scenario run: its name, and its parameters when it has any. */
export function invocationKey(name: string, params: ScenarioParams): string {
  const entries = Object.entries(params).sort(([a], [b]) => a.localeCompare(b));
  return entries.length === 0 ? name : `${name}:${entries.map(([k, v]) => `${k}=${String(v)}`).join(',')}`;
}
