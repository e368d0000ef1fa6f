import { RelocationError } from '../errors.js';

export interface RegistryId {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
}

const REGISTRY_ID =
  /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerRegistry\/registries\/([^/]+)$/i;

export function registryResourceId(ref: RegistryId): string {
  return `/subscriptions/${ref.subscriptionId}/resourceGroups/${ref.resourceGroup}/providers/Microsoft.ContainerRegistry/registries/${ref.name}`;
}

export function parseRegistryId(id: string): RegistryId | undefined {
  const match = REGISTRY_ID.exec(id.trim());
  return match ? { subscriptionId: match[1], resourceGroup: match[2], name: match[3] } : undefined;
}

/**
 * The source registry from the inputs: a full resource id, or a name with its resource group and
 * the subscription. Says exactly which piece is missing.
 */
export function resolveRegistryRef(
  value: string,
  resourceGroup: string | undefined,
  subscriptionId: string | undefined,
  labels: { registry: string; resourceGroup: string; subscription: string },
): RegistryId {
  if (value.startsWith('/')) {
    const parsed = parseRegistryId(value);
    if (!parsed) {
      throw new RelocationError(
        'INPUT_INVALID',
        `${labels.registry} "${value}" is not a registry resource id.`,
        'Use /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.ContainerRegistry/registries/<name>, or the registry name with its resource group.',
      );
    }
    return parsed;
  }
  if (!/^[a-zA-Z0-9]{5,50}$/.test(value)) {
    throw new RelocationError(
      'INPUT_INVALID',
      `${labels.registry} "${value}" is not a registry name (5-50 letters and digits) or resource id.`,
      'Give the registry name as shown in the portal, without .azurecr.io.',
    );
  }
  if (!resourceGroup) {
    throw new RelocationError(
      'INPUT_MISSING',
      `${labels.resourceGroup} is required when ${labels.registry} is a name.`,
      `Set ${labels.resourceGroup}, or give ${labels.registry} as a full resource id.`,
    );
  }
  if (!subscriptionId) {
    throw new RelocationError(
      'INPUT_MISSING',
      `${labels.subscription} is required when ${labels.registry} is a name.`,
      `Set ${labels.subscription}, or give ${labels.registry} as a full resource id.`,
    );
  }
  return { subscriptionId, resourceGroup, name: value };
}
