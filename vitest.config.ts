import { defineConfig } from 'vitest/config';

// Unit and integration tests sit beside the code (`foo.test.ts`). Node-side code runs in the node
// environment; the renderer's tests run in jsdom. Integration tests start real gRPC servers on
// loopback, so they get generous timeouts — the assertions, not the clock, decide pass or fail.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'shared/**/*.test.ts',
            'test/**/*.test.ts',
            'main/**/*.test.ts',
            'proto-samples/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        esbuild: { jsx: 'automatic' },
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
        },
      },
    ],
  },
});
