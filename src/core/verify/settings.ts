/**
 * The target registry's settings against the plan's (which are the source's after mapping: SKU,
 * CMK key and identities are already mapped there; name, location and subnets differ on purpose and
 * are not settings). Normalised first, so that what Azure fills in by itself is not a difference:
 * the relocation's own `acr-relocation` tag, the system-assigned principal (a new registry has a new
 * one), an absent network rule set (= allow all), absent encryption (= disabled).
 */
import type { Registry } from '@azure/arm-containerregistry';
import type { RegistrySettings } from '../plan/model.js';
import { RELOCATION_TAG } from '../prepare/checks.js';
import { settingsOf } from '../prepare/settings.js';
import { compact, diff } from './diff.js';
import type { SettingDifference } from './model.js';

const normaliseLocation = (location: string | undefined) => (location ?? '').replace(/\s+/g, '').toLowerCase();

export function comparableSettings(settings: RegistrySettings): Record<string, unknown> {
  const { [RELOCATION_TAG]: _own, ...tags } = settings.tags;
  const network = settings.networkRuleSet ?? { defaultAction: 'Allow', ipRules: [] };
  return compact({
    ...settings,
    tags,
    networkRuleSet: {
      defaultAction: network.defaultAction,
      ipRules: [...network.ipRules]
        .map((rule) => ({ action: rule.action ?? 'Allow', value: rule.value }))
        .sort((a, b) => a.value.localeCompare(b.value)),
    },
    encryption: settings.encryption ?? { status: 'disabled' },
    identity: settings.identity
      ? {
          type: settings.identity.type,
          userAssignedIdentities: [...(settings.identity.userAssignedIdentities ?? [])].sort(),
        }
      : undefined,
  });
}

/** Every registry-level difference, with the target's location (which must be the plan's). */
export function registryDifferences(
  expected: { location: string; settings: RegistrySettings },
  actual: Registry,
): SettingDifference[] {
  const differences = diff('registry', comparableSettings(expected.settings), comparableSettings(settingsOf(actual)));
  if (normaliseLocation(expected.location) !== normaliseLocation(actual.location)) {
    differences.unshift({
      resource: 'registry',
      path: 'location',
      expected: expected.location,
      actual: actual.location,
    });
  }
  return differences;
}
