/** Every template function, through the evaluator: values, nesting, escaping and ARM's error messages. */
import {
  evaluateString,
  evaluateValue,
} from '../../../../../../emulator/src/arm/providers/deployments/template/evaluator.js';
import {
  DEFERRED,
  TemplateError,
  type JsonValue,
  type Value,
} from '../../../../../../emulator/src/arm/providers/deployments/template/values.js';
import { format } from '../../../../../../emulator/src/arm/providers/deployments/template/functionsString.js';
import { uniqueString } from '../../../../../../emulator/src/arm/providers/deployments/template/hash.js';
import { ENVIRONMENT, GROUP_ID, SUBSCRIPTION, testContext } from './context.js';

const TEMPLATE = {
  parameters: {
    name: { type: 'string', defaultValue: 'MyReg' },
    count: { type: 'int', defaultValue: 3 },
    flag: { type: 'bool', defaultValue: true },
    tags: { type: 'object', defaultValue: { env: 'prod', team: 'a' } },
    list: { type: 'array', defaultValue: ['a', 'b', 'c'] },
  },
  variables: { lower: "[toLower(parameters('name'))]", nested: { key: "[variables('lower')]" } },
};

async function run(expression: string): Promise<unknown> {
  const { ctx } = await testContext(TEMPLATE);
  return evaluateString(`[${expression}]`, ctx);
}

async function failure(expression: string): Promise<TemplateError> {
  try {
    await run(expression);
  } catch (err) {
    if (err instanceof TemplateError) return err;
    throw err;
  }
  throw new Error(`expected '${expression}' to fail`);
}

describe('template functions', () => {
  it.each<[string, JsonValue]>([
    ["concat('a', 'b', 1, true())", 'ab1true'],
    ['concat(createArray(1, 2), createArray(3))', [1, 2, 3]],
    ["format('{0}-{1}-{0}', 'x', 2)", 'x-2-x'],
    ["format('{{literal}} {0,4}|{0,-4}|{1:D3}', 'ab', 7)", '{literal}   ab|ab  |007'],
    ["toLower('AbC')", 'abc'],
    ["toUpper('AbC')", 'ABC'],
    ['string(12)', '12'],
    ["string(createObject('a', 1))", '{"a":1}'],
    ["string('text')", 'text'],
    ["substring('abcdef', 2, 3)", 'cde'],
    ["substring('abcdef', 4)", 'ef'],
    ["replace('a-b-c', '-', '')", 'abc'],
    ["split('a,b;c', createArray(',', ';'))", ['a', 'b', 'c']],
    ["trim('  x  ')", 'x'],
    ["startsWith('Registry', 'reg')", true],
    ["endsWith('Registry', 'TRY')", true],
    ["indexOf('abcabc', 'C')", 2],
    ["lastIndexOf('abcabc', 'c')", 5],
    ["padLeft('7', 3, '0')", '007'],
    ["uniqueString('aaa')", 'zavj67f3en4hc'],
    ["uniqueString('hello', 'world')", 'a7wkljktk6wne'],
    ["uniqueString('xxx', 'yyy', 'zzz')", 'lghi7k5js7itq'],
    ["guid('a', 'b', 'c')", 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8'],
    ["base64ToString(base64('héllo'))", 'héllo'],
    ["if(equals(1, 1), 'yes', 'no')", 'yes'],
    ["if(false(), 'yes', 'no')", 'no'],
    ["equals(createObject('a', createArray(1)), json('{\"a\":[1]}'))", true],
    ["equals('a', 'A')", false],
    ['not(true())', false],
    ['and(true(), true(), false())', false],
    ['or(false(), true())', true],
    ["bool('TRUE')", true],
    ['bool(0)', false],
    ["int('42')", 42],
    ['add(2, sub(10, mul(2, 3)))', 6],
    ['div(7, 2)', 3],
    ['mod(7, 2)', 1],
    ['min(createArray(4, 2, 9))', 2],
    ['max(4, 2, 9)', 9],
    ['range(3, 3)', [3, 4, 5]],
    ['greater(2, 1)', true],
    ["lessOrEquals('a', 'b')", true],
    ['coalesce(null(), null(), 5)', 5],
    ["empty('')", true],
    ['empty(createObject())', true],
    ["empty(parameters('list'))", false],
    ["length(parameters('list'))", 3],
    ["length('abcd')", 4],
    ["length(parameters('tags'))", 2],
    ['union(createArray(1, 2), createArray(2, 3))', [1, 2, 3]],
    ["union(parameters('tags'), createObject('team', 'b', 'x', 'y'))", { env: 'prod', team: 'b', x: 'y' }],
    ['intersection(createArray(1, 2, 3), createArray(3, 2))', [2, 3]],
    ["contains(parameters('tags'), 'ENV')", true],
    ["contains(parameters('list'), 'z')", false],
    ["contains('abc', 'b')", true],
    ["first(parameters('list'))", 'a'],
    ["last('xyz')", 'z'],
    ["take(parameters('list'), 2)", ['a', 'b']],
    ["skip(parameters('list'), 2)", ['c']],
    ["createObject('a', 1, 'b', createArray('x'))", { a: 1, b: ['x'] }],
    ["array('x')", ['x']],
    ['json(\'{"k": [1, 2]}\').k[1]', 2],
    ["parameters('name')", 'MyReg'],
    ["parameters('NAME')", 'MyReg'],
    ["variables('nested').key", 'myreg'],
    ["parameters('tags').Env", 'prod'],
    ["parameters('tags')['team']", 'a'],
    ['resourceGroup().location', 'westeurope'],
    ['resourceGroup().id', GROUP_ID],
    ['subscription().subscriptionId', SUBSCRIPTION],
    ['subscription().tenantId', 'tenant-1'],
    [
      "resourceId('Microsoft.ContainerRegistry/registries', 'r1')",
      `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries/r1`,
    ],
    [
      "resourceId('Microsoft.ContainerRegistry/registries/replications', 'r1', 'westus')",
      `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries/r1/replications/westus`,
    ],
    [
      "resourceId('other-rg', 'Microsoft.ContainerRegistry/registries', 'r1')",
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/other-rg/providers/Microsoft.ContainerRegistry/registries/r1`,
    ],
    [
      "resourceId('sub-2', 'rg-2', 'Microsoft.ContainerRegistry/registries', 'r1')",
      '/subscriptions/sub-2/resourceGroups/rg-2/providers/Microsoft.ContainerRegistry/registries/r1',
    ],
    [
      "resourceId('Microsoft.ContainerRegistry/registries/webhooks', 'r1/hook')",
      `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries/r1/webhooks/hook`,
    ],
    [
      "subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')",
      `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/7f951dda-4ed3-4680-a7ca-43fe172d538d`,
    ],
    [
      "tenantResourceId('Microsoft.Management/managementGroups', 'mg')",
      '/providers/Microsoft.Management/managementGroups/mg',
    ],
    [
      "extensionResourceId(resourceId('Microsoft.ContainerRegistry/registries', 'r1'), 'Microsoft.Authorization/locks', 'l1')",
      `${GROUP_ID}/providers/Microsoft.ContainerRegistry/registries/r1/providers/Microsoft.Authorization/locks/l1`,
    ],
    ['deployment().name', 'dep1'],
    ['environment().suffixes.acrLoginServer', '.azurecr.io'],
  ])('%s', async (expression, expected) => {
    expect(await run(expression)).toEqual(expected);
  });

  it('nests calls several levels deep', async () => {
    const expression =
      "concat(toUpper(substring(parameters('name'), 0, 1)), '-', string(add(parameters('count'), 1)), '-', if(parameters('flag'), uniqueString(resourceGroup().id), 'none'))";
    expect(await run(expression)).toBe(`M-4-${uniqueString([GROUP_ID])}`);
  });

  it('has no bare true/false literals (ARM needs true() and false())', async () => {
    expect((await failure('not(true)')).message).toBe(
      "Unable to parse language expression 'not(true)': expected token 'LeftParenthesis' and actual 'RightParenthesis'.",
    );
  });

  it.each([
    [
      "foo('x')",
      "The template function 'foo' is not valid. Please see https://aka.ms/arm-functions for usage details.",
    ],
    [
      "parameters('missing')",
      "The template parameter 'missing' is not found. Please see https://aka.ms/arm-syntax-parameters for usage details.",
    ],
    [
      "variables('missing')",
      "The template variable 'missing' is not found. Please see https://aka.ms/arm-syntax-variables for usage details.",
    ],
    [
      "parameters('tags').nope",
      "The language expression property 'nope' doesn't exist, available properties are 'env, team'.",
    ],
    ["parameters('list')[5]", "The language expression property array index '5' is out of bounds."],
    [
      'toLower(1)',
      "The template language function 'toLower' expects its parameter to be of type 'String'. The provided value is of type 'Integer'. Please see https://aka.ms/arm-functions for usage details.",
    ],
    [
      "toLower('a', 'b')",
      "The template language function 'toLower' must have 1 parameter(s). Please see https://aka.ms/arm-functions for usage details.",
    ],
    [
      "substring('abc', 2, 5)",
      "The index and length parameters must refer to a location within the string. The index parameter: '2', the length parameter: '5', the length of the string parameter: '3'. Please see https://aka.ms/arm-template-functions/#substring for usage details.",
    ],
    [
      "resourceId('Microsoft.ContainerRegistry/registries/replications', 'r1')",
      "Unable to evaluate template language function 'resourceId': the type 'Microsoft.ContainerRegistry/registries/replications' requires '2' resource name argument(s).",
    ],
    ['div(1, 0)', "The template language function 'div' cannot divide by zero."],
    [
      "createObject('a')",
      "The template language function 'createObject' must have an even number of parameters (key, value pairs).",
    ],
    [
      'copyIndex()',
      "The template function 'copyIndex' is not expected at this location. The function can only be used in a resource with copy specified.",
    ],
    [
      "if(1, 'a', 'b')",
      "The template language function 'if' expects its parameter to be of type 'Boolean'. The provided value is of type 'Integer'. Please see https://aka.ms/arm-functions for usage details.",
    ],
  ])('%s fails with ARM wording', async (expression, message) => {
    const error = await failure(expression);
    expect(error.message).toBe(message);
    expect(error.code).toBe('InvalidTemplate');
  });

  it('evaluates only the branch if() picks', async () => {
    expect(await run("if(true(), 'ok', parameters('missing'))")).toBe('ok');
  });

  it('reference() and list*() go through the context; reference full returns the whole body', async () => {
    const registry = { id: 'r', properties: { loginServer: 'r.azurecr.io' }, location: 'westeurope' };
    const { ctx, calls } = await testContext(TEMPLATE, {}, { r1: registry });
    expect(await evaluateString("[reference('r1').loginServer]", ctx)).toBe('r.azurecr.io');
    expect(await evaluateString("[reference('r1', '2025-11-01', 'Full').location]", ctx)).toBe('westeurope');
    expect(await evaluateString("[listCredentials('r1', '2025-11-01').keys[0].value]", ctx)).toBe(
      'listCredentials-key',
    );
    expect(calls.references).toEqual([
      { target: 'r1', full: false },
      { target: 'r1', apiVersion: '2025-11-01', full: true },
    ]);
    expect(calls.lists).toEqual([{ action: 'listCredentials', resourceId: 'r1', apiVersion: '2025-11-01' }]);
  });

  it('propagates DEFERRED through calls and keeps the expression text when asked', async () => {
    const { ctx } = await testContext(TEMPLATE);
    const deferring = { ...ctx, reference: async (): Promise<Value> => DEFERRED };
    expect(await evaluateString("[toUpper(reference('x').a)]", deferring)).toBe(DEFERRED);
    expect(await evaluateString("[toUpper(reference('x').a)]", deferring, { keepDeferredText: true })).toBe(
      "[toUpper(reference('x').a)]",
    );
    expect(await evaluateValue({ a: ["[reference('x')]"] }, deferring)).toBe(DEFERRED);
  });

  it('walks JSON: expression keys, [[ escapes, nested values and property copy loops', async () => {
    const { ctx } = await testContext(TEMPLATE);
    const value = await evaluateValue(
      {
        "[parameters('name')]": '[[not an expression]',
        n: [1, "[parameters('count')]", { deep: "[variables('lower')]" }],
        copy: [
          {
            name: 'rules',
            count: "[length(parameters('list'))]",
            input: { value: "[parameters('list')[copyIndex('rules')]]", i: "[copyIndex('rules', 1)]" },
          },
        ],
      },
      ctx,
    );
    expect(value).toEqual({
      MyReg: '[not an expression]',
      n: [1, 3, { deep: 'myreg' }],
      rules: [
        { value: 'a', i: 1 },
        { value: 'b', i: 2 },
        { value: 'c', i: 3 },
      ],
    });
  });

  it('formats like .NET composite formatting', () => {
    expect(format('{0:N2}', [1.5])).toBe('1.50');
    expect(() => format('{2}', ['a'])).toThrow(TemplateError);
    expect(ENVIRONMENT.resourceGroup.name).toBe('rg-test');
  });
});
