import {
  assertDigest,
  assertReference,
  assertRepositoryName,
  assertTag,
  isRepositoryName,
  isTag,
  referrersTagFor,
  registryPath,
  repositoryScope,
  sha256Digest,
} from '../../../src/core/oci/names.js';

describe('distribution name grammar', () => {
  it.each(['app', 'team/app', 'a/b/c', 'my-app', 'my--app', 'my_app', 'my__app', 'my.app', 'a0/b1.c2_d3-e4'])(
    'accepts repository %s',
    (name) => {
      expect(assertRepositoryName(name)).toBe(name);
    },
  );

  it.each([
    '',
    'App',
    'team//app',
    '/app',
    'app/',
    'a/../b',
    '..',
    'app_',
    '-app',
    'a___b',
    'a..b',
    'a b',
    'a?b',
    'a#b',
    'a%2fb',
    'a:b',
    `${'a'.repeat(256)}`,
  ])('rejects repository %j with INPUT_INVALID', (name) => {
    expect(isRepositoryName(name)).toBe(false);
    expect(() => assertRepositoryName(name)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it.each(['latest', 'v1.2.3', '1.0-rc_1', '_x', 'A'.repeat(128)])('accepts tag %s', (tag) => {
    expect(assertTag(tag)).toBe(tag);
  });

  it.each(['', '.x', '-x', 'a/b', 'a:b', 'a b', 'A'.repeat(129), '../x'])('rejects tag %j', (tag) => {
    expect(isTag(tag)).toBe(false);
    expect(() => assertTag(tag)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('accepts only sha256 digests in canonical lowercase form', () => {
    const digest = sha256Digest(Buffer.from('hello'));
    expect(digest).toBe('sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(assertDigest(digest)).toBe(digest);
    for (const bad of [digest.toUpperCase(), `sha512:${'a'.repeat(128)}`, 'sha256:abc', `${digest}x`]) {
      expect(() => assertDigest(bad)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    }
    expect(assertReference(digest)).toBe(digest);
    expect(() => assertReference('sha256:zz')).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });

  it('quotes rejected values without echoing control characters or unbounded text', () => {
    expect(() => assertRepositoryName('bad\nname')).toThrow(/"bad\\nname"/);
    const error = (() => {
      try {
        assertTag('x'.repeat(500));
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message.length).toBeLessThan(150);
  });
});

describe('paths and scopes', () => {
  it('builds registry paths from validated parts and refuses anything that would escape', () => {
    expect(registryPath('v2', 'team', 'app', 'manifests', `sha256:${'a'.repeat(64)}`)).toBe(
      `/v2/team/app/manifests/sha256:${'a'.repeat(64)}`,
    );
    expect(registryPath('v2', '')).toBe('/v2/');
    for (const bad of [
      ['v2', '..', 'x'],
      ['v2', 'a?b'],
      ['v2', 'a#b'],
      ['v2', 'a b'],
    ]) {
      expect(() => registryPath(...bad)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    }
  });

  it('names the tag schema tag and token scopes', () => {
    expect(referrersTagFor(`sha256:${'b'.repeat(64)}`)).toBe(`sha256-${'b'.repeat(64)}`);
    expect(repositoryScope('team/app', ['pull', 'push'])).toBe('repository:team/app:pull,push');
    expect(() => repositoryScope('Team', ['pull'])).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
