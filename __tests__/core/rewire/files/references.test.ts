import { findHostOccurrences, replaceHost } from '../../../../src/core/rewire/files/references.js';

const HOST = 'myregistry.azurecr.io';

function hosts(text: string, host = HOST): string[] {
  return findHostOccurrences(text, host).map(
    (o) => `${text.slice(o.start, o.end)}${o.templated ? ' (templated)' : ''}`,
  );
}

describe('findHostOccurrences', () => {
  it.each([
    ['image: myregistry.azurecr.io/app:1'],
    ['FROM myregistry.azurecr.io/base@sha256:abc AS build'],
    ['DOCKER|myregistry.azurecr.io/app:1'],
    ['url: https://myregistry.azurecr.io'],
    ['helm pull oci://myregistry.azurecr.io/charts/app'],
    ['server = "myregistry.azurecr.io"'],
    ['--from=myregistry.azurecr.io/tools:1'],
    ['pulled from myregistry.azurecr.io.'],
    ['REGISTRY=myregistry.azurecr.io'],
  ])('finds the host in %s', (text) => {
    expect(hosts(text)).toEqual([HOST]);
  });

  it.each([
    ['image: notmyregistry.azurecr.io/app:1'],
    ['image: myregistry.azurecr.io.evil.com/app:1'],
    ['image: my-myregistry.azurecr.io/app:1'],
    ['image: myregistry.azurecr.io:443/app:1'],
    ['image: ghcr.io/myregistry.azurecr.io/app:1'],
    ['image: user@myregistry.azurecr.io/app:1'],
    ['MY_myregistry.azurecr.io'],
    ['image: myregistry.azurecr.io-staging/app:1'],
    ['image: myregistry.azurecr.iox/app:1'],
  ])('leaves the look-alike %s alone', (text) => {
    expect(hosts(text)).toEqual([]);
  });

  it('matches case-insensitively (host names are) and keeps the text it found', () => {
    expect(hosts("value: 'MyRegistry.AzureCR.io/web:1'")).toEqual(['MyRegistry.AzureCR.io']);
  });

  it('marks templated values', () => {
    expect(hosts('image: myregistry.azurecr.io/app:{{ .Values.tag }}')).toEqual([`${HOST} (templated)`]);
    expect(hosts('image: myregistry.azurecr.io/app:${TAG:-latest}')).toEqual([`${HOST} (templated)`]);
    expect(hosts('image: ${REGISTRY:-myregistry.azurecr.io}/app')).toEqual([`${HOST} (templated)`]);
    expect(hosts('x: "{{ default \\"myregistry.azurecr.io/app\\" .Values.image }}"')).toEqual([`${HOST} (templated)`]);
    expect(hosts('a: {{ .x }} b: myregistry.azurecr.io/app:1')).toEqual([HOST]);
  });

  it('handles a login server with a port (the emulator) without matching a longer port', () => {
    expect(hosts('image: 127.0.0.1:4123/app:1', '127.0.0.1:4123')).toEqual(['127.0.0.1:4123']);
    expect(hosts('image: 127.0.0.1:41234/app:1', '127.0.0.1:4123')).toEqual([]);
    expect(hosts('image: 1127.0.0.1:4123/app:1', '127.0.0.1:4123')).toEqual([]);
  });

  it('stays inside the range it is given', () => {
    const text = 'a: myregistry.azurecr.io/x # myregistry.azurecr.io';
    expect(findHostOccurrences(text, HOST, 0, text.indexOf('#'))).toHaveLength(1);
    expect(findHostOccurrences(text, HOST, 3, 10)).toEqual([]);
  });
});

describe('replaceHost', () => {
  it('replaces every exact host and nothing else', () => {
    expect(replaceHost('DOCKER|myregistry.azurecr.io/app:1', HOST, 'target.azurecr.io')).toBe(
      'DOCKER|target.azurecr.io/app:1',
    );
    expect(replaceHost('https://myregistry.azurecr.io', HOST, 'target.azurecr.io')).toBe('https://target.azurecr.io');
    expect(replaceHost('notmyregistry.azurecr.io/app', HOST, 'target.azurecr.io')).toBeUndefined();
    expect(replaceHost('myregistry.azurecr.io/app:${TAG}', HOST, 'target.azurecr.io')).toBeUndefined();
  });
});
