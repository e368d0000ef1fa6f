import type { CommandName, InputSpec } from '../../src/core/inputs/types.js';
import { COMMANDS } from '../../src/core/inputs/types.js';

/** Words that keep their capitals in labels. */
const ACRONYMS: Readonly<Record<string, string>> = {
  id: 'ID',
  ids: 'IDs',
  arm: 'ARM',
  aks: 'AKS',
  sku: 'SKU',
  dns: 'DNS',
  url: 'URL',
  oidc: 'OIDC',
};

/** kebab-case name → label, e.g. "private-dns-zone-id" → "Private DNS zone ID". */
export function inputTitle(name: string): string {
  const words = name.split('-').map((word) => ACRONYMS[word] ?? word);
  const [first = '', ...rest] = words;
  return [first.charAt(0).toUpperCase() + first.slice(1), ...rest].join(' ');
}

/** The commands an input belongs to, as a sentence fragment, or '' when it belongs to all. */
export function usedBy(spec: InputSpec): string {
  if (spec.commands === 'all' || spec.commands.length === COMMANDS.length) return '';
  return `Used by ${joinCommands(spec.commands)}.`;
}

export function requiredBy(spec: InputSpec): string {
  const required = spec.requiredFor ?? [];
  if (required.length === 0) return '';
  return required.length === COMMANDS.length ? 'Required.' : `Required by ${joinCommands(required)}.`;
}

export function allowedValues(spec: InputSpec): string {
  return spec.allowed ? `One of: ${spec.allowed.join(', ')}.` : '';
}

export function joinCommands(commands: readonly CommandName[]): string {
  return commands.join(', ');
}

/** Sentences joined by single spaces, empty ones dropped. */
export function sentences(...parts: string[]): string {
  return parts.filter((part) => part !== '').join(' ');
}
