/**
 * How the deployment tests drive the official client: @azure/arm-resources 6.1.0's Deployments and
 * DeploymentOperations (Azure's own pollers, paging and error mapping against the emulator).
 */
import type { Deployment, DeploymentWhatIf, ResourceManagementClient } from '@azure/arm-resources';
import { FAST_POLL } from '../../../helpers/testEmulator.js';

export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON inspected by tests

/** The api-version @azure/arm-resources 6.1.0 sends, for the tests' raw requests. */
export const API_VERSION = '2025-03-01';

/** A deployment body of the tests as the SDK's parameter type. */
export function asDeployment(body: Body): Deployment & DeploymentWhatIf {
  return body as Deployment & DeploymentWhatIf;
}

/**
 * What-if's answer as sent on the wire. The SDK's flattened result maps each property change's
 * before/after as a dictionary, which mangles scalars (see deployments.test.ts), so tests that look
 * at property values read the last response body the poller received.
 */
export async function whatIfOnTheWire(
  resources: ResourceManagementClient,
  group: string,
  name: string,
  deployment: Body,
): Promise<Body> {
  let text = '';
  await resources.deployments.beginWhatIfAndWait(group, name, asDeployment(deployment), {
    ...FAST_POLL,
    onResponse: (response) => {
      text = response.bodyAsText ?? '';
    },
  });
  return JSON.parse(text) as Body;
}

export async function listAll<T>(pages: AsyncIterable<T>): Promise<Body[]> {
  const items: Body[] = [];
  for await (const item of pages) items.push(item as Body);
  return items;
}
