/**
 * Scope maps, tokens and generateCredentials through the unmodified SDK, and what they mean on the
 * data plane: a token's passwords authorize exactly its scope map's repositories.
 */
import { writeArtifact } from '../../../../emulator/src/seed/images-store.js';
import { generateImage } from '../../../../emulator/src/seed/images.js';
import { MANIFEST_ACCEPT } from '../../../../emulator/src/arm/providers/containerregistry/import/remoteRegistry.js';
import { all, startHarness, type Harness, FAST } from './harness.js';

let h: Harness;
const REGISTRY = 'childtokens01';
const image = generateImage('tokens-test');
const accept = { headers: { Accept: MANIFEST_ACCEPT } };

beforeAll(async () => {
  h = await startHarness();
  const runtime = await h.createRegistry(REGISTRY);
  writeArtifact(runtime.store, 'app', image, ['v1']);
  writeArtifact(runtime.store, 'other', image, ['v1']);
});
afterAll(() => h?.stop());

const scopeMapId = (name: string) => `${h.registryId(REGISTRY)}/scopeMaps/${name}`;

describe('scope maps', () => {
  it('has the system-defined scope maps, which cannot be changed', async () => {
    const maps = await all(h.client.scopeMaps.list(h.group, REGISTRY));
    const builtIn = maps.filter((m) => m.typePropertiesType === 'SystemDefined').map((m) => m.name);
    expect(builtIn.sort()).toEqual([
      '_repositories_admin',
      '_repositories_pull',
      '_repositories_pull_metadata_read',
      '_repositories_push',
      '_repositories_push_metadata_write',
    ]);
    const pull = await h.client.scopeMaps.get(h.group, REGISTRY, '_repositories_pull');
    expect(pull.actions).toEqual(['repositories/*/content/read']);
    await expect(
      h.client.scopeMaps.beginDeleteAndWait(h.group, REGISTRY, '_repositories_pull', FAST),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      h.client.scopeMaps.beginUpdateAndWait(
        h.group,
        REGISTRY,
        '_repositories_admin',
        { actions: ['repositories/x/content/read'] },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('creates, updates, lists and deletes a user scope map', async () => {
    const created = await h.client.scopeMaps.beginCreateAndWait(
      h.group,
      REGISTRY,
      'app-read',
      {
        description: 'read app',
        actions: ['repositories/app/content/read', 'repositories/app/metadata/read'],
      },
      FAST,
    );
    expect(created).toMatchObject({
      name: 'app-read',
      provisioningState: 'Succeeded',
      description: 'read app',
      typePropertiesType: 'UserDefined',
    });
    expect(created.creationDate).toBeInstanceOf(Date);
    const updated = await h.client.scopeMaps.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'app-read',
      { description: 'read app only' },
      FAST,
    );
    expect(updated.actions).toEqual(['repositories/app/content/read', 'repositories/app/metadata/read']);
    expect(updated.description).toBe('read app only');
    await h.client.scopeMaps.beginCreateAndWait(
      h.group,
      REGISTRY,
      'throwaway',
      { actions: ['repositories/x/content/read'] },
      FAST,
    );
    await h.client.scopeMaps.beginDeleteAndWait(h.group, REGISTRY, 'throwaway', FAST);
    const names = (await all(h.client.scopeMaps.list(h.group, REGISTRY))).map((m) => m.name);
    expect(names).toContain('app-read');
    expect(names).not.toContain('throwaway');
    await expect(
      h.client.scopeMaps.beginCreateAndWait(h.group, REGISTRY, 'emptymap', { actions: [] }, FAST),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});

describe('tokens', () => {
  it('creates a token, generates its passwords once, and never shows them again', async () => {
    const token = await h.client.tokens.beginCreateAndWait(
      h.group,
      REGISTRY,
      'app-puller',
      { scopeMapId: scopeMapId('app-read'), status: 'enabled' },
      FAST,
    );
    expect(token).toMatchObject({
      name: 'app-puller',
      status: 'enabled',
      provisioningState: 'Succeeded',
      scopeMapId: scopeMapId('app-read'),
    });
    const generated = await h.client.registries.beginGenerateCredentialsAndWait(
      h.group,
      REGISTRY,
      { tokenId: token.id },
      FAST,
    );
    expect(generated.username).toBe('app-puller');
    expect(generated.passwords?.map((p) => p.name)).toEqual(['password1', 'password2']);
    expect(generated.passwords?.every((p) => typeof p.value === 'string' && p.value.length >= 32)).toBe(true);
    const shown = await h.client.tokens.get(h.group, REGISTRY, 'app-puller');
    expect(shown.credentials?.passwords?.map((p) => p.name)).toEqual(['password1', 'password2']);
    expect(JSON.stringify(shown)).not.toContain(generated.passwords?.[0]?.value ?? 'x');
    const raw = await h.arm('GET', `${h.registryId(REGISTRY)}/tokens/app-puller`);
    expect(JSON.stringify(raw.body)).not.toContain(generated.passwords?.[1]?.value ?? 'x');
  });

  it('authorizes data-plane pulls of the scope map repositories only', async () => {
    const generated = await h.client.registries.beginGenerateCredentialsAndWait(
      h.group,
      REGISTRY,
      { tokenId: `${h.registryId(REGISTRY)}/tokens/app-puller`, name: 'password1' },
      FAST,
    );
    const password = generated.passwords?.[0]?.value ?? '';
    expect(generated.passwords?.map((p) => p.name)).toEqual(['password1']);
    const client = h.dataPlane(REGISTRY, { username: 'app-puller', password });
    expect((await client.send('GET', '/v2/app/manifests/v1', accept)).status).toBe(200);
    expect([401, 403]).toContain((await client.send('GET', '/v2/other/manifests/v1', accept)).status);
    expect([401, 403]).toContain(
      (
        await client.send('PUT', '/v2/app/manifests/v2', {
          headers: { 'Content-Type': image.root.mediaType },
          body: image.root.bytes,
        })
      ).status,
    );
    client.close();
  });

  it('stops authorizing when the token is disabled, a password removed, or the token deleted', async () => {
    const tokenId = `${h.registryId(REGISTRY)}/tokens/app-puller`;
    const generated = await h.client.registries.beginGenerateCredentialsAndWait(
      h.group,
      REGISTRY,
      { tokenId, name: 'password2' },
      FAST,
    );
    const password = generated.passwords?.[0]?.value ?? '';
    const pull = async () => {
      const client = h.dataPlane(REGISTRY, { username: 'app-puller', password });
      const status = (await client.send('GET', '/v2/app/manifests/v1', accept)).status;
      client.close();
      return status;
    };
    expect(await pull()).toBe(200);
    await h.client.tokens.beginUpdateAndWait(h.group, REGISTRY, 'app-puller', { status: 'disabled' }, FAST);
    expect(await pull()).toBe(401);
    await h.client.tokens.beginUpdateAndWait(h.group, REGISTRY, 'app-puller', { status: 'enabled' }, FAST);
    expect(await pull()).toBe(200);
    await h.client.tokens.beginUpdateAndWait(
      h.group,
      REGISTRY,
      'app-puller',
      { credentials: { passwords: [{ name: 'password1' }] } },
      FAST,
    );
    expect(
      (await h.client.tokens.get(h.group, REGISTRY, 'app-puller')).credentials?.passwords?.map((p) => p.name),
    ).toEqual(['password1']);
    expect(await pull()).toBe(401);
    await h.client.tokens.beginDeleteAndWait(h.group, REGISTRY, 'app-puller', FAST);
    await expect(h.client.tokens.get(h.group, REGISTRY, 'app-puller')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('honours expiry and system-defined scope maps', async () => {
    const token = await h.client.tokens.beginCreateAndWait(
      h.group,
      REGISTRY,
      'any-puller',
      { scopeMapId: scopeMapId('_repositories_pull') },
      FAST,
    );
    const expired = await h.client.registries.beginGenerateCredentialsAndWait(
      h.group,
      REGISTRY,
      { tokenId: token.id, name: 'password1', expiry: new Date(Date.now() - 60_000) },
      FAST,
    );
    const fresh = await h.client.registries.beginGenerateCredentialsAndWait(
      h.group,
      REGISTRY,
      { tokenId: token.id, name: 'password2' },
      FAST,
    );
    const statusWith = async (password: string) => {
      const client = h.dataPlane(REGISTRY, { username: 'any-puller', password });
      const status = (await client.send('GET', '/v2/other/manifests/v1', accept)).status;
      client.close();
      return status;
    };
    expect(await statusWith(expired.passwords?.[0]?.value ?? '')).toBe(401);
    expect(await statusWith(fresh.passwords?.[0]?.value ?? '')).toBe(200);
    expect((await all(h.client.tokens.list(h.group, REGISTRY))).map((t) => t.name)).toEqual(['any-puller']);
  });

  it('refuses a scope map of another registry or none, and unknown tokens for generateCredentials', async () => {
    await expect(
      h.client.tokens.beginCreateAndWait(
        h.group,
        REGISTRY,
        'bad-token',
        { scopeMapId: `${h.registryId('someotherreg')}/scopeMaps/x` },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
    await expect(h.client.tokens.beginCreateAndWait(h.group, REGISTRY, 'bad-token', {}, FAST)).rejects.toMatchObject({
      statusCode: 400,
    });
    await expect(
      h.client.registries.beginGenerateCredentialsAndWait(
        h.group,
        REGISTRY,
        { tokenId: `${h.registryId(REGISTRY)}/tokens/nosuch` },
        FAST,
      ),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
