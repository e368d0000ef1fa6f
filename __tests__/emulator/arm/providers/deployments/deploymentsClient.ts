/**
 * A Deployments client for tests, built exactly like the official one. @azure/arm-resources 7 dropped
 * Deployments (moved to @azure/arm-resourcesdeployments, which requires Node 22), so this mirrors
 * @azure/arm-resourcesdeployments 2.0.0's operations: the same Azure SDK building blocks
 * (@azure-rest/core-client's pipeline with bearer auth, @azure/core-lro's createHttpPoller), the same
 * paths, expected statuses and resourceLocationConfig per operation (copied from its
 * api/deployments/operations.js), so the emulator is exercised by Azure's own LRO and paging logic.
 */
import { getClient, createRestError, type Client, type PathUncheckedResponse } from '@azure-rest/core-client';
import { createHttpPoller, type OperationResponse, type ResourceLocationConfig } from '@azure/core-lro';
import type { TokenCredential } from '@azure/core-auth';

export const API_VERSION = '2025-04-01';

export type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- wire JSON inspected by tests

export class DeploymentsClient {
  private readonly client: Client;

  constructor(
    credential: TokenCredential,
    private readonly subscriptionId: string,
    endpoint: string,
    private readonly pollIntervalMs = 5,
  ) {
    this.client = getClient(endpoint, credential, {
      credentials: { scopes: [`${endpoint}/.default`] },
      retryOptions: { maxRetries: 0 },
    });
  }

  private path(resourceGroup: string, suffix = ''): string {
    return `/subscriptions/${this.subscriptionId}/resourcegroups/${resourceGroup}/providers/Microsoft.Resources/deployments${suffix}?api-version=${API_VERSION}`;
  }

  createOrUpdate(resourceGroup: string, name: string, deployment: Body): Promise<Body> {
    return this.poll(
      () => this.client.pathUnchecked(this.path(resourceGroup, `/${name}`)).put({ body: deployment }),
      ['200', '201', '202'],
      'location',
    );
  }

  whatIf(resourceGroup: string, name: string, deployment: Body): Promise<Body> {
    return this.poll(
      () => this.client.pathUnchecked(this.path(resourceGroup, `/${name}/whatIf`)).post({ body: deployment }),
      ['200', '202', '201'],
      'location',
    );
  }

  /** 400 is an expected status (DeploymentValidateResult), but core-lro reports a 400 initial answer as a failed operation, as with the SDK. */
  validate(resourceGroup: string, name: string, deployment: Body): Promise<Body> {
    return this.poll(
      () => this.client.pathUnchecked(this.path(resourceGroup, `/${name}/validate`)).post({ body: deployment }),
      ['200', '202', '400', '201'],
      'location',
    );
  }

  delete(resourceGroup: string, name: string): Promise<Body> {
    return this.poll(
      () => this.client.pathUnchecked(this.path(resourceGroup, `/${name}`)).delete(),
      ['202', '204', '200'],
      'location',
    );
  }

  async get(resourceGroup: string, name: string): Promise<Body> {
    return expect200(await this.client.pathUnchecked(this.path(resourceGroup, `/${name}`)).get());
  }

  async exportTemplate(resourceGroup: string, name: string): Promise<Body> {
    return expect200(await this.client.pathUnchecked(this.path(resourceGroup, `/${name}/exportTemplate`)).post());
  }

  async cancel(resourceGroup: string, name: string): Promise<number> {
    const response = await this.client.pathUnchecked(this.path(resourceGroup, `/${name}/cancel`)).post();
    if (response.status !== '204') throw createRestError(response);
    return 204;
  }

  list(resourceGroup: string, filter?: string): Promise<Body[]> {
    const query = filter ? `&$filter=${encodeURIComponent(filter)}` : '';
    return this.pages(`${this.path(resourceGroup)}${query}`);
  }

  listOperations(resourceGroup: string, name: string): Promise<Body[]> {
    return this.pages(
      `/subscriptions/${this.subscriptionId}/resourcegroups/${resourceGroup}/deployments/${name}/operations?api-version=${API_VERSION}`,
    );
  }

  /** ResourceGroups_ExportTemplate (202 + Location). */
  exportGroupTemplate(resourceGroup: string, body: Body): Promise<Body> {
    return this.poll(
      () =>
        this.client
          .pathUnchecked(
            `/subscriptions/${this.subscriptionId}/resourcegroups/${resourceGroup}/exportTemplate?api-version=${API_VERSION}`,
          )
          .post({ body }),
      ['200', '202'],
      'location',
    );
  }

  private async pages(first: string): Promise<Body[]> {
    const items: Body[] = [];
    let next: string | undefined = first;
    while (next) {
      const page = expect200(await this.client.pathUnchecked(next).get());
      items.push(...((page.value as Body[]) ?? []));
      next = page.nextLink as string | undefined;
    }
    return items;
  }

  private async poll(
    initial: () => PromiseLike<PathUncheckedResponse>,
    expected: string[],
    resourceLocationConfig: ResourceLocationConfig,
  ): Promise<Body> {
    const toLro = (response: PathUncheckedResponse): OperationResponse<Body> => {
      if (!expected.includes(response.status)) throw createRestError(response);
      return {
        flatResponse: response.body as Body,
        rawResponse: { ...response, statusCode: Number.parseInt(response.status, 10), body: response.body },
      };
    };
    const poller = createHttpPoller<Body, never>(
      {
        sendInitialRequest: async () => toLro(await initial()),
        sendPollRequest: async (path) => toLro(await this.client.pathUnchecked(path).get()),
      },
      { intervalInMs: this.pollIntervalMs, resourceLocationConfig },
    );
    return (await poller.pollUntilDone()) as Body;
  }
}

function expect200(response: PathUncheckedResponse): Body {
  if (response.status !== '200') throw createRestError(response);
  return response.body as Body;
}
