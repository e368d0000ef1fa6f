import packageJson from '../../package.json' with { type: 'json' };

/** This tool's version, recorded in plans and reports (bundlers inline package.json). */
export const TOOL_VERSION: string = packageJson.version;
