// Lint = a few correctness rules plus the layering of DESIGN.md §2 as import restrictions, so a
// renderer file that reaches into main/ or Node, or engine code that imports electron, fails CI.
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
    files: ['main/engine/**/*.ts', 'main/cli/**/*.ts', 'main/serve/**/*.ts'],
    rules: restrict([
      {
        group: ['electron', 'electron/*'],
        message: 'Only main/electron/ may import electron: the engine, CLI and server run in plain Node.',
      },
      { group: ['**/renderer/**'], message: 'main/ must not import renderer code.' },
    ]),
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
