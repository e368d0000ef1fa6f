import type { ContainerRegistryManagementClient } from '@azure/arm-containerregistry';
import { RestError } from '@azure/core-rest-pipeline';
import { awaitDeletion, deleteSource } from '../../../src/core/retire/deletion.js';

const ref = { subscriptionId: 's', resourceGroup: 'rg', name: 'contososource' };

function arm(registries: Partial<ContainerRegistryManagementClient['registries']>) {
  return { registries } as unknown as ContainerRegistryManagementClient;
}

describe('deleteSource', () => {
  it('polls the deletion to its end', async () => {
    const calls: unknown[] = [];
    const client = arm({ beginDeleteAndWait: async (...args: unknown[]) => void calls.push(args) });
    expect(await deleteSource(client, ref, 1)).toMatch(/^Deleted the source registry contososource/);
    expect(calls).toEqual([['rg', 'contososource', { updateIntervalInMs: 1 }]]);
  });

  it('takes a registry already gone as success', async () => {
    const client = arm({
      beginDeleteAndWait: () => Promise.reject(new RestError('gone', { statusCode: 404, code: 'ResourceNotFound' })),
    });
    expect(await deleteSource(client, ref)).toMatch(/already gone/);
  });

  it('turns a lock that appeared since the checks into a refusal that says who can remove it', async () => {
    const locked = new RestError(
      "The scope '/x' cannot perform delete operation because following scope(s) are locked: '/x'.",
      { statusCode: 409, code: 'ScopeLocked' },
    );
    const client = arm({ beginDeleteAndWait: () => Promise.reject(locked) });
    await expect(deleteSource(client, ref)).rejects.toMatchObject({
      code: 'REFUSED',
      message: expect.stringMatching(/management lock protects it/),
      hint: expect.stringMatching(/never removes locks/),
    });
  });

  it('reports other failures as Azure errors', async () => {
    const client = arm({
      beginDeleteAndWait: () => Promise.reject(new RestError('no', { statusCode: 403, code: 'AuthorizationFailed' })),
    });
    await expect(deleteSource(client, ref)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('awaitDeletion', () => {
  it('waits until the registry is gone, sending nothing but reads', async () => {
    let reads = 0;
    const client = arm({
      get: async () => {
        reads += 1;
        if (reads < 3) return { provisioningState: 'Deleting' } as never;
        throw new RestError('gone', { statusCode: 404 });
      },
    });
    expect(await awaitDeletion(client, ref, 1)).toMatch(/finished/);
    expect(reads).toBe(3);
  });

  it('fails when the deletion did not finish', async () => {
    const client = arm({ get: async () => ({ provisioningState: 'Failed' }) as never });
    await expect(awaitDeletion(client, ref, 1)).rejects.toThrow(/now in state Failed/);
  });

  it('gives up at its deadline', async () => {
    const client = arm({ get: async () => ({ provisioningState: 'Deleting' }) as never });
    await expect(awaitDeletion(client, ref, 1, 5)).rejects.toThrow(/deleting for more than/);
  });
});
