/** Template structure, parameter binding, variables, outputs and the resource plan (ids, copy, dependsOn order). */
import {
  checkProvidedParameters,
  displayParameters,
  evaluateOutputs,
  loadTemplate,
} from '../../../../../../emulator/src/arm/providers/deployments/template/template.js';
import { evaluateBody, planResources } from '../../../../../../emulator/src/arm/providers/deployments/template/plan.js';
import {
  DEFERRED,
  TemplateError,
  type JsonObject,
  type Value,
} from '../../../../../../emulator/src/arm/providers/deployments/template/values.js';
import { GROUP_ID, SUBSCRIPTION, testContext } from './context.js';

const REGISTRY = `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries`;

async function message(run: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof TemplateError) return err.message;
    throw err;
  }
  throw new Error('expected a TemplateError');
}

describe('template parameters, variables and outputs', () => {
  it('binds provided values and defaults (defaults may use earlier parameters); secure values are never displayed', async () => {
    const { bound } = await testContext(
      {
        parameters: {
          name: { type: 'string' },
          location: { type: 'string', defaultValue: '[resourceGroup().location]' },
          fullName: { type: 'string', defaultValue: "[concat(parameters('name'), '-x')]" },
          password: { type: 'secureString' },
          settings: { type: 'secureObject', defaultValue: { a: 1 } },
        },
      },
      { name: { value: 'reg' }, password: { value: 's3cret' } },
    );
    expect(bound.fullName?.value).toBe('reg-x');
    expect(bound.location?.value).toBe('westeurope');
    expect(displayParameters(bound)).toEqual({
      name: { type: 'String', value: 'reg' },
      location: { type: 'String', value: 'westeurope' },
      fullName: { type: 'String', value: 'reg-x' },
      password: { type: 'SecureString' },
      settings: { type: 'SecureObject' },
    });
    expect(JSON.stringify(displayParameters(bound))).not.toContain('s3cret');
  });

  it.each<[JsonObject, JsonObject, string]>([
    [
      { sku: { type: 'string', allowedValues: ['Basic', 'Premium'] } },
      { sku: { value: 'Gold' } },
      "The provided value for the template parameter 'sku' is not valid. The value 'Gold' is not part of the allowed value(s): 'Basic,Premium'.",
    ],
    [
      { n: { type: 'string', minLength: 5 } },
      { n: { value: 'abc' } },
      "The provided value for the template parameter 'n' is not valid. The length of the value must be at least '5'.",
    ],
    [
      { n: { type: 'int', maxValue: 3 } },
      { n: { value: 4 } },
      "The provided value for the template parameter 'n' is not valid. The value must not be greater than '3'.",
    ],
    [
      { n: { type: 'int' } },
      { n: { value: '4' } },
      "Template parameter JToken type is not valid. Expected 'Integer'. Actual 'String'. Please see https://aka.ms/arm-create-parameter-file for usage details.",
    ],
    [
      { n: { type: 'string' } },
      {},
      "The value for the template parameter 'n' is not provided. Please see https://aka.ms/arm-create-parameter-file for usage details.",
    ],
  ])('rejects bad parameter values: %j %j', async (parameters, provided, expected) => {
    expect(await message(() => testContext({ parameters }, provided))).toBe(expected);
  });

  it('rejects parameters the template does not declare and values not given as { value }', () => {
    const template = loadTemplate({ resources: [], parameters: { a: { type: 'string' } } });
    expect(() => checkProvidedParameters(template, { b: { value: 1 } })).toThrow(
      "The template parameters 'b' in the parameters file are not valid; they are not present in the original template and can therefore not be provided at deployment time. The only supported parameters for this template are 'a'. Please see https://aka.ms/arm-pass-parameter-values for usage details.",
    );
    expect(() => checkProvidedParameters(template, { a: { reference: {} } })).toThrow(
      'Key Vault references are not supported',
    );
  });

  it('checks the template structure', () => {
    expect(() => loadTemplate([])).toThrow('The template must be a JSON object.');
    expect(() => loadTemplate({})).toThrow("Required property 'resources' not found in JSON. Path ''.");
    expect(() => loadTemplate({ resources: {} })).toThrow('languageVersion 2.0');
    expect(() => loadTemplate({ resources: [], parameters: { a: { type: 'text' } } })).toThrow(
      "The template parameter 'a' has an invalid type 'text'.",
    );
  });

  it('evaluates variables lazily, with variable copy loops, and detects circular variables', async () => {
    const { ctx } = await testContext({
      variables: {
        a: "[variables('b')]",
        b: "[concat('x', variables('c'))]",
        c: 'y',
        self: "[variables('self')]",
        copy: [{ name: 'names', count: 2, input: "[concat('n', copyIndex('names'))]" }],
      },
    });
    expect(await ctx.variable('a', [])).toBe('xy');
    expect(await ctx.variable('names', [])).toEqual(['n0', 'n1']);
    expect(await message(() => ctx.variable('self', []))).toBe(
      "The template variable 'self' has a circular reference.",
    );
  });

  it('evaluates outputs with conditions, copy and secure types', async () => {
    const { ctx, template } = await testContext({
      parameters: { p: { type: 'securestring', defaultValue: 'hidden' } },
      outputs: {
        plain: { type: 'string', value: "[toUpper('a')]" },
        skipped: { type: 'string', condition: '[false()]', value: 'x' },
        secret: { type: 'securestring', value: "[parameters('p')]" },
        many: { type: 'array', copy: { count: 2, input: "[copyIndex('copy')]" } },
      },
    });
    expect(await evaluateOutputs(template, ctx)).toEqual({
      plain: { type: 'String', value: 'A' },
      secret: { type: 'SecureString' },
      many: { type: 'Array', value: [0, 1] },
    });
  });
});

describe('resource plan', () => {
  const registry = (name: string, extra: JsonObject = {}) => ({
    type: 'Microsoft.ContainerRegistry/registries',
    apiVersion: '2025-11-01',
    name,
    location: '[resourceGroup().location]',
    sku: { name: 'Premium' },
    ...extra,
  });

  it('orders by dependsOn (ids, names, copy loops), flattens children and expands copy loops', async () => {
    const { ctx } = await testContext();
    const planned = await planResources(
      [
        {
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          name: "[guid('x')]",
          scope: "[resourceId('Microsoft.ContainerRegistry/registries', 'reg1')]",
          dependsOn: ['regs'],
          properties: {},
        },
        registry("[concat('reg', copyIndex(1))]", {
          copy: { name: 'regs', count: 2 },
          resources: [
            {
              type: 'webhooks',
              apiVersion: '2025-11-01',
              name: 'hook',
              location: 'westeurope',
              properties: { serviceUri: '[copyIndex()]' },
            },
          ],
        }),
        {
          type: 'Microsoft.ContainerRegistry/registries/replications',
          apiVersion: '2025-11-01',
          name: 'reg1/westus',
          location: 'westus',
          dependsOn: ["[resourceId('Microsoft.ContainerRegistry/registries', 'reg1')]"],
        },
        registry('off', { condition: '[false()]' }),
        {
          type: 'Microsoft.ContainerRegistry/registries/providers/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          name: 'reg2/Microsoft.Insights/diag',
          dependsOn: ['Microsoft.ContainerRegistry/registries/reg2', 'off'],
        },
      ],
      ctx,
      GROUP_ID,
    );
    const ids = planned.map((p) => p.id.replace(GROUP_ID, ''));
    const assignment = planned.find((p) => p.type === 'Microsoft.Authorization/roleAssignments');
    expect([...ids].sort()).toEqual(
      [
        '/providers/Microsoft.ContainerRegistry/registries/reg1',
        '/providers/Microsoft.ContainerRegistry/registries/reg1/webhooks/hook',
        '/providers/Microsoft.ContainerRegistry/registries/reg2',
        '/providers/Microsoft.ContainerRegistry/registries/reg2/webhooks/hook',
        `/providers/Microsoft.ContainerRegistry/registries/reg1/providers/Microsoft.Authorization/roleAssignments/${assignment?.name}`,
        '/providers/Microsoft.ContainerRegistry/registries/reg1/replications/westus',
        '/providers/Microsoft.ContainerRegistry/registries/reg2/providers/Microsoft.Insights/diagnosticSettings/diag',
      ].sort(),
    );
    // Every resource comes after what it depends on.
    for (const [position, resource] of planned.entries()) {
      for (const dependency of resource.dependsOn)
        expect(planned.findIndex((p) => p.id === dependency)).toBeLessThan(position);
    }
    const byId = (suffix: string) => planned.find((p) => p.id.endsWith(suffix));
    expect(byId('reg1/webhooks/hook')?.dependsOn).toEqual([`${REGISTRY}/reg1`]);
    expect(assignment?.dependsOn).toEqual([`${REGISTRY}/reg1`, `${REGISTRY}/reg2`]);
    expect(byId('diag')?.type).toBe('Microsoft.Insights/diagnosticSettings');
    expect(byId('diag')?.dependsOn).toEqual([`${REGISTRY}/reg2`]);
    expect(await evaluateBody(byId('reg2/webhooks/hook') as never, ctx)).toEqual({
      location: 'westeurope',
      properties: { serviceUri: 1 },
    });
    expect(await evaluateBody(byId('registries/reg1') as never, ctx)).toEqual({
      location: 'westeurope',
      sku: { name: 'Premium' },
    });
    expect(SUBSCRIPTION).toBeTruthy();
  });

  it.each<[unknown[], string]>([
    [
      [registry('a', { dependsOn: ['b'] }), registry('b', { dependsOn: ['a'] })],
      `Circular dependency detected on resource: '${REGISTRY}/a'. Please see https://aka.ms/arm-syntax-resources for usage details.`,
    ],
    [
      [registry('a', { dependsOn: ['nope'] })],
      "The resource 'nope' is not defined in the template. Please see https://aka.ms/arm-syntax for usage details.",
    ],
    [
      [registry('a'), registry('A')],
      `The resource '${REGISTRY}/A' is defined multiple times in a template. Please see https://aka.ms/arm-syntax-resources for usage details.`,
    ],
    [
      [registry("[reference('x').name]")],
      "The template resource 'name' cannot use reference() or list*(): it must be known before deployment starts.",
    ],
    [
      [registry('a', { copy: { name: 'c', count: -1 } })],
      "The template resource copy count '-1' of loop 'c' is not valid: it must be an integer between 0 and 800.",
    ],
    [
      [{ type: 'Microsoft.ContainerRegistry/registries', name: 'a' }],
      "The template resource 'a' of type 'Microsoft.ContainerRegistry/registries' must have an 'apiVersion'.",
    ],
  ])('rejects invalid resources (%#)', async (resources, expected) => {
    const { ctx } = await testContext();
    const deferring = { ...ctx, reference: async (): Promise<Value> => DEFERRED };
    expect(await message(() => planResources(resources as never, deferring, GROUP_ID))).toBe(expected);
  });
});
