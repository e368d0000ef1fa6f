import {
  contains,
  effectiveChange,
  hasChanges,
  plannedChanges,
  webhookIds,
} from '../../../src/core/redeploy/what-if.js';
import type { WhatIfChange } from '../../../src/core/redeploy/deployments.js';

const REGISTRY = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acr';
const HOOK = `${REGISTRY}/webhooks/hook`;
const DIAG = `${REGISTRY}/providers/Microsoft.Insights/diagnosticSettings/d`;

describe('contains', () => {
  it.each([
    [{ a: 1, b: { c: 'x', d: null } }, { b: { c: 'x' } }, true],
    [{ A: 1 }, { a: 1 }, true],
    [{ a: 1 }, { a: 2 }, false],
    [{ a: 1 }, { a: 1, b: 2 }, false],
    [{ a: null }, { a: null }, true],
    [{}, { a: null }, true],
    [[{ x: 1, y: 2 }], [{ x: 1 }], true],
    [[{ x: 1 }, { x: 2 }], [{ x: 1 }], false],
    [[{ x: 1 }], [{ x: 2 }], false],
    ['Enabled', 'enabled', false],
  ])('contains(%j, %j) is %p', (before, after, expected) => {
    expect(contains(before, after)).toBe(expected);
  });
});

describe('effectiveChange', () => {
  const never = () => false;

  it('keeps Create, Delete and NoChange as what-if says', () => {
    for (const changeType of ['Create', 'Delete', 'NoChange', 'Deploy']) {
      expect(effectiveChange({ resourceId: REGISTRY, changeType }, never)).toEqual({
        resourceId: REGISTRY,
        change: changeType,
        paths: [],
      });
    }
  });

  it('treats values the service filled in or reordered as no change', () => {
    const change: WhatIfChange = {
      resourceId: DIAG,
      changeType: 'Modify',
      delta: [
        {
          path: 'properties.logs',
          propertyChangeType: 'Array',
          children: [
            {
              path: '0',
              propertyChangeType: 'Modify',
              before: { enabled: true, category: 'C', categoryGroup: null },
              after: { category: 'C', enabled: true },
            },
          ],
        },
        { path: 'properties.x', propertyChangeType: 'NoEffect' },
      ],
    };
    expect(effectiveChange(change, never)).toEqual({ resourceId: DIAG, change: 'NoChange', paths: [] });
  });

  it('reports real property changes by path', () => {
    const change: WhatIfChange = {
      resourceId: REGISTRY,
      changeType: 'Modify',
      delta: [
        { path: 'properties.adminUserEnabled', propertyChangeType: 'Modify', before: false, after: true },
        { path: 'tags.team', propertyChangeType: 'Create', after: 'x' },
        { path: 'properties.policies', propertyChangeType: 'Modify', before: { a: 1 }, after: { a: 1 } },
      ],
    };
    expect(effectiveChange(change, never)).toEqual({
      resourceId: REGISTRY,
      change: 'Modify',
      paths: ['properties.adminUserEnabled', 'tags.team'],
    });
  });

  it('ignores webhook secrets only when the callback on the target already matches', () => {
    const change: WhatIfChange = {
      resourceId: HOOK,
      changeType: 'Modify',
      delta: [
        { path: 'properties.serviceUri', propertyChangeType: 'Create', after: 'https://secret' },
        { path: 'properties.customHeaders', propertyChangeType: 'Create', after: {} },
      ],
    };
    expect(effectiveChange(change, () => true).change).toBe('NoChange');
    expect(effectiveChange(change, never)).toEqual({
      resourceId: HOOK,
      change: 'Modify',
      paths: ['properties.serviceUri', 'properties.customHeaders'],
    });
    const other: WhatIfChange = { ...change, resourceId: `${REGISTRY}/scopeMaps/m` };
    expect(effectiveChange(other, () => true).change).toBe('Modify');
  });
});

describe('plannedChanges', () => {
  it('drops resources of the group the template does not name (Ignore) and finds webhooks to check', () => {
    const changes: WhatIfChange[] = [
      { resourceId: REGISTRY, changeType: 'NoChange' },
      {
        resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/other',
        changeType: 'Ignore',
      },
      {
        resourceId: HOOK,
        changeType: 'Modify',
        delta: [{ path: 'properties.serviceUri', propertyChangeType: 'Create', after: 'x' }],
      },
    ];
    expect(webhookIds(changes)).toEqual([HOOK]);
    const planned = plannedChanges(changes, (id) => id === HOOK);
    expect(planned.map((c) => c.change)).toEqual(['NoChange', 'NoChange']);
    expect(hasChanges(planned)).toBe(false);
    expect(hasChanges(plannedChanges(changes, () => false))).toBe(true);
  });
});
