import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
          // Compiled .proto sets are cached in the user's cache folder; tests keep theirs apart.
          env: { GRPC_WORKBENCH_CACHE_DIR: join(tmpdir(), 'grpc-workbench-test-cache') },
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
