// Lint = a few correctness rules plus the layering of docs/architecture.md ("Layers") as import
// restrictions, so a renderer file that reaches into main/ or Node, engine code that imports
// electron or the demo lab, or a host that reaches past main/engine/index.ts fails CI.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'net',
  'tls',
  'http',
  'http2',
  'https',
  'crypto',
  'stream',
  'url',
  'util',
  'events',
  'zlib',
  'dns',
  'worker_threads',
];

const restrict = (patterns) => ({
  'no-restricted-imports': ['error', { patterns }],
});

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'release/**',
      '**/gen/**',
      'test-results/**',
      'playwright-report/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // `import { z }` keeps all of zod (its locales too) in every bundle; the namespace import lets
      // esbuild and Vite drop what is unused (bench/README.md, CLI start).
      'no-restricted-syntax': [
        'error',
        {
          // A type-only import is erased, so it may name z.
          selector:
            "ImportDeclaration[source.value='zod'][importKind!='type'] > ImportSpecifier[imported.name='z'][importKind!='type']",
          message: "Import zod as a namespace: import * as z from 'zod'.",
        },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    rules: restrict([
      {
        group: [...nodeBuiltins, 'electron', 'react', 'react-dom', '@grpc/*'],
        message: 'shared/ runs anywhere: no Node, Electron, DOM frameworks or grpc-js.',
      },
      {
        group: ['**/main/**', '**/renderer/**', '**/proto-samples/**'],
        message: 'shared/ must not import from main/, renderer/ or proto-samples/.',
      },
    ]),
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: restrict([
      {
        group: [...nodeBuiltins, 'electron', '@grpc/*', 'ws'],
        message: 'renderer/ is browser code: talk to the host through the WorkbenchClient.',
      },
      { group: ['**/main/**', '**/proto-samples/**'], message: 'renderer/ imports shared/ only.' },
    ]),
  },
  {
    files: ['main/engine/**/*.ts', 'main/cli/**/*.ts', 'main/serve/**/*.ts', 'main/host/**/*.ts'],
    rules: restrict([
      {
        group: ['electron', 'electron/*'],
        message: 'Only main/electron/ may import electron: the engine, CLI, host kernel and server run in plain Node.',
      },
      { group: ['**/renderer/**'], message: 'main/ must not import renderer code.' },
    ]),
  },
  {
    // The engine serves every front end; the demo lab is a product of its own (tests may use it).
    files: ['main/engine/**/*.ts'],
    ignores: ['main/engine/**/*.test.ts', 'main/engine/**/testing/**'],
    rules: restrict([
      {
        group: ['electron', 'electron/*'],
        message: 'Only main/electron/ may import electron: the engine runs in plain Node.',
      },
      { group: ['**/renderer/**'], message: 'main/ must not import renderer code.' },
      { group: ['**/proto-samples/**'], message: 'main/engine must not import proto-samples/ (tests excepted).' },
    ]),
  },
  {
    // Hosts and the CLI reach the engine through its one public face.
    files: ['main/host/**/*.ts', 'main/serve/**/*.ts', 'main/cli/**/*.ts'],
    ignores: ['main/**/*.test.ts', 'main/**/testing/**'],
    rules: restrict([
      {
        group: ['electron', 'electron/*'],
        message: 'Only main/electron/ may import electron: the CLI, host kernel and server run in plain Node.',
      },
      { group: ['**/renderer/**'], message: 'main/ must not import renderer code.' },
      {
        group: ['**/engine/*', '**/engine/**', '!**/engine/index'],
        message: 'Import the engine only from main/engine/index.ts (its public face).',
      },
    ]),
  },
  {
    // dist/cli.js runs before the CLI's bundle (the engine in it) is loaded: besides the bundle, it
    // reads only where the user's cache folder is.
    files: ['main/cli/launch.ts'],
    rules: restrict([
      {
        group: ['**/engine/*', '**/engine/**', '!**/engine/cache-root'],
        message: 'The launcher loads the CLI bundle at run time: it imports only main/engine/cache-root.ts.',
      },
    ]),
  },
  {
    files: ['main/electron/**/*.ts'],
    ignores: ['main/electron/**/*.test.ts', 'main/electron/preload.ts'],
    rules: {
      ...restrict([
        { group: ['**/renderer/**'], message: 'main/ must not import renderer code.' },
        {
          group: ['**/engine/*', '**/engine/**', '!**/engine/index'],
          message: 'Import the engine only from main/engine/index.ts (its public face).',
        },
      ]),
      // Electron's security checklist item 15 (SECURITY.md): nothing opens URLs in the user's browser.
      'no-restricted-properties': [
        'error',
        {
          object: 'shell',
          property: 'openExternal',
          message: 'shell.openExternal with untrusted content is a checklist violation.',
        },
      ],
    },
  },
  {
    files: ['main/electron/preload.ts'],
    rules: restrict([
      {
        group: [...nodeBuiltins, '**/engine/**', '@grpc/*'],
        message: 'The preload is sandboxed: it only bridges typed IPC calls.',
      },
    ]),
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '*.config.*'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
