/** Secure parameter values are masked wherever they appear in what-if's answer. */
import { MASK, secureValueMasker } from '../../../../../emulator/src/arm/providers/deployments/secureValues.js';
import type { BoundParameter } from '../../../../../emulator/src/arm/providers/deployments/template/template.js';

const bound: Record<string, BoundParameter> = {
  name: { type: 'String', value: 'acrname', secure: false },
  uri: { type: 'SecureString', value: 'https://hooks.example/acr?sig=s3cr3t-sig', secure: true },
  pin: { type: 'SecureString', value: '42', secure: true },
  headers: { type: 'SecureObject', value: { Authorization: 'Bearer t0ken-value', Mode: 'push' }, secure: true },
  empty: { type: 'SecureObject', value: {}, secure: true },
};

describe('secureValueMasker', () => {
  const mask = secureValueMasker(bound);

  it('masks secure strings, strings that embed them, and secure objects where they appear whole', () => {
    const change = {
      resourceId: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerRegistry/registries/acrname',
      after: {
        name: 'acrname',
        properties: {
          serviceUri: 'https://hooks.example/acr?sig=s3cr3t-sig',
          note: 'called with Bearer t0ken-value',
          customHeaders: { Authorization: 'Bearer t0ken-value', Mode: 'push' },
          pin: '42',
          count: 42,
          list: ['x', 'https://hooks.example/acr?sig=s3cr3t-sig'],
        },
      },
    };
    expect(mask(change)).toEqual({
      resourceId: change.resourceId,
      after: {
        name: 'acrname',
        properties: { serviceUri: MASK, note: MASK, customHeaders: MASK, pin: MASK, count: 42, list: ['x', MASK] },
      },
    });
    expect(change.after.properties.pin).toBe('42');
  });

  it('does not blank out text around short secrets or empty secure objects', () => {
    expect(mask({ a: 'push and pull', b: '4242', c: {}, d: 'Mode' })).toEqual({
      a: 'push and pull',
      b: '4242',
      c: {},
      d: 'Mode',
    });
  });

  it('changes nothing when the template has no secure parameters', () => {
    const value = { a: 'x' };
    expect(secureValueMasker({ n: { type: 'String', value: 'x', secure: false } })(value)).toBe(value);
  });
});
