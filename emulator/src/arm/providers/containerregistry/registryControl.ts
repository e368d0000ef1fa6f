/**
 * contract.ts RegistryControl implemented from ARM state: every answer is read live from the stored
 * registry (and its tokens, scope maps and role assignments), so changes through ARM apply at once.
 *
 * Conventions for the child resources another module adds (documented in emulator/README.md):
 * - tokens: `${registryId}/tokens/{name}`, body.properties { scopeMapId, status }, internal.passwords
 *   [{ name, value, expiry? }]
 * - scope maps: body.properties.actions ['repositories/<repo>/content/read', …]
 */
import type { DataPlanePermissions, RegistryControl, TokenScope } from '../../../shared/contract.js';
import type { AccessTokenIssuer } from '../../../entra/accessTokens.js';
import { allowsAction, allowsDataAction, effectivePermissions, type RoleLookup } from '../../rbac.js';
import type { ResourceStore } from '../../store.js';
import { PUBLIC_ARM_AUDIENCES } from '../../auth.js';

export const ACR_AUDIENCE = 'https://containerregistry.azure.net';

export interface RegistryControlDeps {
  store: ResourceStore;
  roles: RoleLookup;
  tokens: AccessTokenIssuer;
  armUrl: () => string;
}

type Action = TokenScope['actions'][number];
const ACTIONS: readonly Action[] = [
  'content/read',
  'content/write',
  'content/delete',
  'metadata/read',
  'metadata/write',
];

export function createRegistryControl(
  deps: RegistryControlDeps,
  registryId: string,
  name: string,
  loginServer: () => string,
): RegistryControl {
  const props = () => (deps.store.get(registryId)?.body.properties ?? {}) as Record<string, unknown>;
  const internal = () => deps.store.get(registryId)?.internal ?? {};
  return {
    name: name.toLowerCase(),
    loginServer,
    adminCredentials: () => {
      if (props().adminUserEnabled !== true) return undefined;
      const body = deps.store.get(registryId)?.body;
      return {
        username: String(body?.name ?? name),
        passwords: (internal().adminPasswords as string[] | undefined) ?? [],
      };
    },
    tokenScopes: (username, password) => tokenScopes(deps.store, registryId, username, password),
    anonymousPullEnabled: () => props().anonymousPullEnabled === true,
    publicNetworkAccessEnabled: () => networkAllowsLoopback(props()),
    verifyEntraToken: (accessToken) => {
      const armPolicy = (props().policies as { azureADAuthenticationAsArmPolicy?: { status?: string } } | undefined)
        ?.azureADAuthenticationAsArmPolicy?.status;
      const audiences = [
        ACR_AUDIENCE,
        `https://${loginServer()}`,
        ...(armPolicy === 'disabled' ? [] : [deps.armUrl(), ...PUBLIC_ARM_AUDIENCES]),
      ];
      const check = deps.tokens.verify(accessToken, audiences);
      return check.ok ? { oid: check.claims.oid, tid: check.claims.tid } : undefined;
    },
    entraPermissions: (oid) =>
      entraPermissions(deps, registryId, oid, props().roleAssignmentMode === 'AbacRepositoryPermissions'),
  };
}

/**
 * Registry permissions of an Entra principal. Legacy mode honours control-plane actions (AcrPull,
 * AcrPush, AcrDelete, Owner, Contributor, Reader); ABAC mode honours only the repository data actions
 * (Container Registry Repository Reader/Writer/Contributor), as ACR does.
 */
function entraPermissions(
  deps: RegistryControlDeps,
  registryId: string,
  oid: string,
  abac: boolean,
): DataPlanePermissions {
  const blocks = effectivePermissions(deps.store, deps.roles, oid, registryId);
  if (abac) {
    const repo = 'Microsoft.ContainerRegistry/registries/repositories';
    return {
      pull: allowsDataAction(blocks, `${repo}/content/read`),
      push: allowsDataAction(blocks, `${repo}/content/write`),
      delete: allowsDataAction(blocks, `${repo}/content/delete`),
    };
  }
  const acr = 'Microsoft.ContainerRegistry/registries';
  return {
    pull: allowsAction(blocks, `${acr}/pull/read`),
    push: allowsAction(blocks, `${acr}/push/write`),
    delete: allowsAction(blocks, `${acr}/artifacts/delete`),
  };
}

function tokenScopes(
  store: ResourceStore,
  registryId: string,
  username: string,
  password: string,
): TokenScope[] | undefined {
  const token = store.get(`${registryId}/tokens/${username}`);
  if (!token) return undefined;
  const props = (token.body.properties ?? {}) as { status?: string; scopeMapId?: string };
  if (props.status === 'disabled') return undefined;
  const passwords = (token.internal.passwords ?? []) as Array<{ value?: string; expiry?: string }>;
  const valid = passwords.some((p) => p.value === password && (!p.expiry || Date.parse(p.expiry) > Date.now()));
  if (!valid || !props.scopeMapId) return undefined;
  const actions = ((store.get(props.scopeMapId)?.body.properties ?? {}) as { actions?: string[] }).actions ?? [];
  return scopesFromActions(actions);
}

/** 'repositories/app/content/read' → { repository: 'app', actions: ['content/read'] }, grouped by repository. */
export function scopesFromActions(actions: readonly string[]): TokenScope[] {
  const byRepository = new Map<string, Set<Action>>();
  for (const action of actions) {
    const match = /^repositories\/(.+)\/((?:content|metadata)\/(?:read|write|delete))$/.exec(action);
    const verb = match?.[2] as Action | undefined;
    if (!match?.[1] || !verb || !ACTIONS.includes(verb)) continue;
    const set = byRepository.get(match[1]) ?? new Set<Action>();
    set.add(verb);
    byRepository.set(match[1], set);
  }
  return [...byRepository].map(([repository, set]) => ({ repository, actions: [...set] }));
}

/**
 * Callers come from 127.0.0.1: refused when public network access is disabled, or when the network
 * rule set denies by default and no IP rule admits 127.0.0.1.
 */
function networkAllowsLoopback(props: Record<string, unknown>): boolean {
  if (props.publicNetworkAccess === 'Disabled') return false;
  const rules = props.networkRuleSet as
    { defaultAction?: string; ipRules?: Array<{ value?: string; action?: string }> } | undefined;
  if (rules?.defaultAction !== 'Deny') return true;
  return (rules.ipRules ?? []).some(
    (rule) => (rule.action ?? 'Allow') === 'Allow' && ipv4InRange('127.0.0.1', rule.value ?? ''),
  );
}

function ipv4InRange(ip: string, range: string): boolean {
  const [base, bitsText] = range.split('/');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  const toNumber = (text: string) => text.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
  if (!base || !/^\d+\.\d+\.\d+\.\d+$/.test(base) || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (toNumber(ip) & mask) === (toNumber(base) & mask);
}
