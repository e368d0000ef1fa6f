/** Registers the built-in seed scenarios (imported once by the runner, scenarios-run.ts). */
import './scenario-source.js';
import './scenario-small.js';
import './scenario-large.js';
import './scenario-consumers.js';
import './scenario-restricted.js';
