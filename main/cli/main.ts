/**
 * The CLI run from its sources (`vite-node main/cli/main.ts -- …`, as the tests' CLI processes do).
 * The built command is dist/cli.js (main/cli/launch.ts), which starts the bundle of start.ts.
 */
import { startCli } from './start';

await startCli();
