import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainModule } from '../../src/entrypoints/main-module.js';

describe('isMainModule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'main-module-'));
  const file = join(dir, 'index.js');
  writeFileSync(file, '');
  symlinkSync(file, join(dir, 'link.js'));

  it('is true for the program node started, also through a symlink', () => {
    expect(isMainModule(pathToFileURL(file).href, file)).toBe(true);
    expect(isMainModule(pathToFileURL(file).href, join(dir, 'link.js'))).toBe(true);
  });

  it('is false when another program imported the module, or there is no program path', () => {
    expect(isMainModule(pathToFileURL(file).href, join(dir, 'other.js'))).toBe(false);
    expect(isMainModule(pathToFileURL(file).href, undefined)).toBe(false);
  });
});
