import { readFileSync } from 'node:fs';
import { TOOL_VERSION } from '../../src/core/version.js';

test('the recorded tool version is package.json version', () => {
  expect(TOOL_VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
});
