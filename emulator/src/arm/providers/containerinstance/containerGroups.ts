/**
 * Microsoft.ContainerInstance/containerGroups as @azure/arm-containerinstance 9.1 (2023-05-01) drives
 * it: PUT (201/200 + Azure-AsyncOperation), PATCH (tags, 200), GET, list by resource group and
 * subscription, DELETE (202 + Location). Relocation rewires containers[].properties.image and
 * imageRegistryCredentials[] {server, username, password | identity}.
 *
 * Updating an existing group restarts it with the new definition; ACI documents that the image (and
 * environment, DNS label, …) may change this way, but the OS type, restart policy, network profile,
 * CPU, memory and GPU may not: those answer 409 InvalidContainerGroupUpdate with ACI's message
 * ("…you must delete it first and then create a new one.").
 * Secrets are write-only: registry passwords and secure environment values are never returned.
 */
import { ArmError, invalidRequestContent } from '../../errors.js';
import type { ArmContext, ArmRequest, ArmResponse, ArmRoute } from '../../provider.js';
import {
  bodyOf,
  deleteTracked,
  objectOf,
  provision,
  requireTracked,
  systemData,
  trackedPut,
  trackedRoutes,
  type TrackedType,
} from '../tracked/resource.js';

export const CONTAINER_GROUPS: TrackedType = {
  namespace: 'Microsoft.ContainerInstance',
  type: 'containerGroups',
  param: 'containerGroupName',
};
export const CONTAINER_GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';
const NAMING = {
  pattern: /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/,
  rule: 'The name must contain only lowercase letters, numbers and hyphens, start and end with a letter or number, and be 1 to 63 characters long.',
};

export function containerGroupRoutes(): ArmRoute[] {
  return trackedRoutes(CONTAINER_GROUPS, {
    create: createOrUpdate,
    update: (req, ctx) => {
      const existing = requireTracked(req, ctx, CONTAINER_GROUPS);
      const updated = ctx.store.update(existing.id, (r) => {
        r.body = {
          ...r.body,
          tags: objectOf(bodyOf(req).tags),
          systemData: systemData(req, r.body, new Date().toISOString()),
        };
      });
      return { status: 200, body: updated?.body };
    },
    remove: (req, ctx) => deleteTracked(req, ctx, CONTAINER_GROUPS, 'location'),
  });
}

function createOrUpdate(req: ArmRequest, ctx: ArmContext): ArmResponse {
  const { name, input, location, id, existing } = trackedPut(req, ctx, CONTAINER_GROUPS, NAMING);
  const props = objectOf(input.properties);
  if (typeof props.osType !== 'string') throw invalidRequestContent("Required property 'osType' not found in JSON");
  const containers = Array.isArray(props.containers) ? props.containers.map(objectOf) : [];
  if (containers.length === 0) throw invalidRequestContent("Required property 'containers' not found in JSON");
  for (const container of containers) checkContainer(container);
  if (existing) checkUpdate(name, objectOf(existing.body.properties), props, containers);
  const now = new Date().toISOString();
  const body: Record<string, unknown> = {
    id: existing?.id ?? id,
    name,
    type: CONTAINER_GROUP_TYPE,
    location,
    ...(input.tags ? { tags: input.tags } : {}),
    ...(input.identity ? { identity: input.identity } : {}),
    ...(input.zones ? { zones: input.zones } : {}),
    systemData: systemData(req, existing?.body, now),
    properties: {
      sku: 'Standard',
      restartPolicy: 'Always',
      initContainers: [],
      ...props,
      containers: containers.map((c) => shownContainer(c, now)),
      ...(Array.isArray(props.imageRegistryCredentials)
        ? {
            imageRegistryCredentials: props.imageRegistryCredentials
              .map(objectOf)
              .map(({ password: _secret, ...shown }) => shown),
          }
        : {}),
      instanceView: { state: 'Running', events: [] },
    },
  };
  return provision({
    req,
    ctx,
    namespace: CONTAINER_GROUPS.namespace,
    id,
    type: CONTAINER_GROUP_TYPE,
    body,
    transitional: existing ? 'Updating' : 'Pending',
    initialStatus: existing ? 200 : 201,
    headers: 'azure-async-operation',
    internal: { ...(existing?.internal ?? {}), imageRegistryCredentials: props.imageRegistryCredentials ?? [] },
  });
}

function checkContainer(container: Record<string, unknown>): void {
  const props = objectOf(container.properties);
  if (typeof container.name !== 'string' || container.name === '')
    throw invalidRequestContent("Required property 'name' not found in JSON. Path 'properties.containers[]'");
  if (typeof props.image !== 'string' || props.image === '')
    throw invalidRequestContent(
      `Required property 'image' not found in JSON. Path 'properties.containers['${container.name}'].properties'`,
    );
  const requests = objectOf(objectOf(props.resources).requests);
  if (typeof requests.cpu !== 'number' || typeof requests.memoryInGB !== 'number') {
    throw invalidRequestContent(
      `Required property 'resources.requests' (cpu, memoryInGB) not found in JSON. Path 'properties.containers['${container.name}'].properties'`,
    );
  }
}

/** What a container looks like in answers: secure environment values removed, instance view added. */
function shownContainer(container: Record<string, unknown>, now: string): Record<string, unknown> {
  const props = objectOf(container.properties);
  const environment = Array.isArray(props.environmentVariables)
    ? props.environmentVariables.map(objectOf).map(({ secureValue: _secret, ...shown }) => shown)
    : [];
  return {
    name: container.name,
    properties: {
      ports: [],
      ...props,
      environmentVariables: environment,
      instanceView: {
        restartCount: 0,
        currentState: { state: 'Running', startTime: now, detailStatus: '' },
        events: [],
      },
    },
  };
}

/** ACI refuses in-place changes of OS type, restart policy, network profile, CPU, memory and GPU. */
function checkUpdate(
  name: string,
  current: Record<string, unknown>,
  next: Record<string, unknown>,
  containers: Record<string, unknown>[],
): void {
  const resourcesOf = (list: unknown) =>
    JSON.stringify(
      (Array.isArray(list) ? list : []).map((c) => [
        objectOf(c).name,
        objectOf(objectOf(objectOf(c).properties).resources),
      ]),
    );
  const changed =
    current.osType !== next.osType ||
    (current.restartPolicy ?? 'Always') !== (next.restartPolicy ?? 'Always') ||
    JSON.stringify(current.subnetIds ?? null) !== JSON.stringify(next.subnetIds ?? null) ||
    resourcesOf(current.containers) !== resourcesOf(containers);
  if (changed) {
    throw new ArmError(
      409,
      'InvalidContainerGroupUpdate',
      `The updates on container group '${name}' are invalid. If you are going to update the os type, restart policy, network profile, CPU, memory or GPU resources for a container group, you must delete it first and then create a new one.`,
    );
  }
}
