/**
 * The server of bench/burst.ts's multi-core figure, in a process of its own so that neither the
 * burst nor the baseline shares a thread with it: one lab backend. Prints its address; stops when
 * stdin closes.
 *
 *   node .tmp/bench/children/burst-server.mjs
 */
import { startLab } from '../../proto-samples/lab/index';

const lab = await startLab({ backends: 1, proxy: false });
console.log(lab.backends[0]!.address);
process.stdin.resume();
process.stdin.on('end', () => void lab.close().then(() => process.exit(0)));
