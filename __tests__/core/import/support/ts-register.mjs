// Lets a child `node` process run the TypeScript sources directly (tests only):
//   node --import ./ts-register.mjs src/entrypoints/cli.ts …
// Each .ts file is transpiled on load (no type check: that is `npm run build`'s job), and the
// `.js` specifiers of the sources resolve to their `.ts` files. No build/ or dist/ needed.
import { register } from 'node:module';

register('./ts-hooks.mjs', import.meta.url);
