#!/usr/bin/env node
// The `grpc-workbench` command: the CLI bundle built by `npm run build` (run by `npm install`).
import('../dist/cli.js').catch((error) => {
  console.error(`grpc-workbench: cannot start (${error.message}). Run \`npm run build\` in the package directory.`);
  process.exit(1);
});
