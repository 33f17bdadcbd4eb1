import workerThreads from 'node:worker_threads';
import zlib from 'node:zlib';

/**
 * @kubernetes/client-node 2 brings undici 8 (engines: Node ≥ 22.19), which uses three APIs Node 20
 * lacks — the CLI's and the tests' runtime; Electron has Node 22. Stand-ins let it load and run:
 * `zlib.createZstdDecompress` (API servers never send zstd bodies, we never ask for them),
 * `worker_threads.markAsUncloneable` (only marks Web objects as not structured-cloneable; we never
 * clone them) and `Promise.withResolvers` (ES2024, polyfilled to the letter of the spec).
 * Imported before client-node by ./client-node.ts, the one place the engine imports it from; a
 * no-op on Node 22.
 */
const zlibExports = zlib as unknown as Record<string, unknown>;
if (typeof zlibExports.createZstdDecompress !== 'function') {
  zlibExports.createZstdDecompress = () => {
    throw new Error('zstd decompression needs Node.js 22.15 or later');
  };
}
const workerThreadsExports = workerThreads as unknown as Record<string, unknown>;
if (typeof workerThreadsExports.markAsUncloneable !== 'function') workerThreadsExports.markAsUncloneable = () => {};

const promiseConstructor = Promise as unknown as Record<string, unknown>;
if (typeof promiseConstructor.withResolvers !== 'function') {
  promiseConstructor.withResolvers = function withResolvers<T>() {
    let resolve!: (value: T | PromiseLike<T>) => void;
    let reject!: (reason?: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}
