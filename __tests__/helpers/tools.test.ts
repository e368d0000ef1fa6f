import { findTool, hasTool, requireTool } from './tools.js';

describe('tool gate', () => {
  it('finds executables on PATH and by absolute path, and not missing ones', () => {
    expect(hasTool('node') || hasTool(process.execPath)).toBe(true);
    expect(findTool(process.execPath)).toBe(process.execPath);
    expect(hasTool('surely-not-installed-tool-3f9a')).toBe(false);
  });

  it('reports what is missing', () => {
    const gate = requireTool('surely-not-installed-tool-3f9a', process.execPath);
    expect(gate.available).toBe(false);
    expect(gate.missing).toEqual(['surely-not-installed-tool-3f9a']);
    expect(requireTool(process.execPath)).toMatchObject({ available: true, missing: [] });
  });
});
