/**
 * The burst's worker thread for bench/burst.ts, bundled by scripts/bench.mjs beside the other
 * children: the bench runs the engine from its own bundle, where burstWorkerEntry() cannot find
 * dist/burst-worker.js, so it passes this one as `workerEntry`.
 */
import '../../main/engine/burst/burst-worker';
