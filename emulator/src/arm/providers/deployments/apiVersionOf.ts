/** The api-version ARM's own engine uses for a type: the newest stable one the provider registers (else the newest). */
import type { ArmProvider } from '../../provider.js';

export function latestApiVersion(providers: readonly ArmProvider[], fullType: string): string | undefined {
  const [namespace = '', ...rest] = fullType.split('/');
  const type = rest.join('/').toLowerCase();
  const provider = providers.find((p) => p.namespace.toLowerCase() === namespace.toLowerCase());
  const versions = [
    ...(provider?.resourceTypes.find((t) => t.resourceType.toLowerCase() === type)?.apiVersions ?? []),
  ].sort();
  return versions.filter((v) => !v.includes('preview')).pop() ?? versions.pop();
}
