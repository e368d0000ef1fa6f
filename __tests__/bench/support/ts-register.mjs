// Lets the bench's child processes run the TypeScript sources under jest (bench/lib/paths.ts):
//   node --import ./ts-register.mjs src/entrypoints/cli.ts …
// Like __tests__/core/import/support/ts-register.mjs, whose resolution it reuses, but every
// transpiled file is cached on disk (keyed by path, size and mtime): a smoke run starts the CLI
// and other children a dozen times, and transpiling the whole import graph each time costs seconds.
import { register } from 'node:module';

register('./ts-cached-hooks.mjs', import.meta.url);
