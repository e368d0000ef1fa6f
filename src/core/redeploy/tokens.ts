import type { AzureClients } from '../azure/clients.js';
import { azureCall } from '../azure/errors.js';
import type { RelocationPlan } from '../plan/model.js';

/**
 * Token passwords cannot be exported, so the target's tokens are created without them. With
 * regenerate-token-passwords, a token that has no password yet gets both generated (shown once, so
 * they are masked and returned as a secret output); a token that has passwords keeps them, which is
 * what makes a re-run change nothing. Rotating them later is `az acr token credential generate`.
 */

export interface TokenPasswords {
  token: string;
  /** generated: new passwords below; kept: the target token already had passwords. */
  state: 'generated' | 'kept';
  username?: string;
  passwords: Array<{ name: string; value: string }>;
}

export interface TokenPasswordOptions {
  pollIntervalMs: number;
  onSecret: (value: string) => void;
}

export async function regenerateTokenPasswords(
  clients: AzureClients,
  plan: RelocationPlan,
  options: TokenPasswordOptions,
): Promise<TokenPasswords[]> {
  const { resourceGroup, name: registry } = plan.target;
  const results: TokenPasswords[] = [];
  for (const { name: token } of plan.children.tokens) {
    const current = await azureCall(`Reading token ${token} of ${registry}`, () =>
      clients.registries.tokens.get(resourceGroup, registry, token),
    );
    if ((current.credentials?.passwords ?? []).length > 0) {
      results.push({ token, state: 'kept', passwords: [] });
      continue;
    }
    const generated = await azureCall(`Generating passwords for token ${token}`, async () =>
      clients.registries.registries.generateCredentials(
        resourceGroup,
        registry,
        { tokenId: current.id },
        { updateIntervalInMs: options.pollIntervalMs },
      ),
    );
    const passwords = (generated.passwords ?? []).flatMap((p) =>
      p.value ? [{ name: p.name ?? 'password', value: p.value }] : [],
    );
    for (const password of passwords) options.onSecret(password.value);
    results.push({ token, state: 'generated', username: generated.username ?? token, passwords });
  }
  return results;
}

/** The secret output: token name -> username and passwords, as JSON. */
export function tokenPasswordsOutput(results: readonly TokenPasswords[]): string | undefined {
  const generated = results.filter((r) => r.state === 'generated');
  if (generated.length === 0) return undefined;
  const entries = generated.map((r) => [
    r.token,
    { username: r.username, ...Object.fromEntries(r.passwords.map((p) => [p.name, p.value])) },
  ]);
  return JSON.stringify(Object.fromEntries(entries));
}
