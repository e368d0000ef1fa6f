import { compileTemplate, decodeSegments, matchTemplate } from '../../../emulator/src/arm/pathTemplate.js';
import { isAtOrAbove, parseResourceId } from '../../../emulator/src/arm/resourceId.js';

describe('route templates', () => {
  const match = (template: string, path: string) => matchTemplate(compileTemplate(template), decodeSegments(path));

  it('matches single-segment parameters and case-insensitive literals', () => {
    expect(
      match('/subscriptions/{subscriptionId}/resourcegroups/{name}', '/subscriptions/s1/resourceGroups/rg'),
    ).toEqual({ subscriptionId: 's1', name: 'rg' });
    expect(match('/subscriptions/{subscriptionId}', '/subscriptions/s1/extra')).toBeUndefined();
  });

  it('captures scopes of any depth, including encoded ones and double slashes', () => {
    const template = '{*scope}/providers/Microsoft.Authorization/locks/{lockName}';
    expect(
      match(
        template,
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/providers/Microsoft.Authorization/locks/l',
      ),
    ).toEqual({
      scope: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r',
      lockName: 'l',
    });
    expect(match(template, '/%2Fsubscriptions%2Fs/providers/Microsoft.Authorization/locks/l')).toEqual({
      scope: '/subscriptions/s',
      lockName: 'l',
    });
    expect(match(template, '//subscriptions/s/providers/Microsoft.Authorization/locks/l')).toEqual({
      scope: '/subscriptions/s',
      lockName: 'l',
    });
    expect(match(template, '/providers/Microsoft.Authorization/locks/l')).toEqual({ scope: '/', lockName: 'l' });
  });

  it('orders templates by specificity', () => {
    expect(compileTemplate('/subscriptions/{s}/providers/Microsoft.X/things').specificity).toBeGreaterThan(
      compileTemplate('/subscriptions/{s}/providers/{ns}').specificity,
    );
    expect(compileTemplate('/a/b/{c}').specificity).toBeGreaterThan(compileTemplate('{*scope}/a/b').specificity);
  });
});

describe('resource ids', () => {
  it('parses subscription, group, namespace, type and name', () => {
    expect(
      parseResourceId(
        '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/r/replications/westus',
      ),
    ).toEqual({
      subscriptionId: 's',
      resourceGroup: 'rg',
      namespace: 'Microsoft.ContainerRegistry',
      resourceType: 'registries/replications',
      name: 'westus',
    });
    expect(parseResourceId('/subscriptions/s/providers/Microsoft.ContainerRegistry/registries')).toEqual({
      subscriptionId: 's',
      namespace: 'Microsoft.ContainerRegistry',
      resourceType: 'registries',
    });
  });

  it('compares scopes by ancestry, case-insensitively, not by prefix text', () => {
    expect(isAtOrAbove('/subscriptions/S', '/subscriptions/s/resourceGroups/rg')).toBe(true);
    expect(isAtOrAbove('/subscriptions/s/resourceGroups/rg', '/subscriptions/s/resourceGroups/rg2')).toBe(false);
    expect(isAtOrAbove('/', '/anything')).toBe(true);
  });
});
