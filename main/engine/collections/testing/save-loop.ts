/**
 * Child process of the kill -9 test: saves a request file through the store in a loop, two large
 * versions in turn, until it is killed. Prints `saved` after the first save.
 */
import { CollectionStore } from '../collection-store';
import { saveLoopRequest } from './save-loop-request';

const [root, path] = process.argv.slice(2) as [string, string];
const store = new CollectionStore(root);
for (let round = 0; ; round++) {
  await store.writeRequest(path, saveLoopRequest(round % 2 === 0 ? 'a' : 'b'));
  if (round === 0) process.stdout.write('saved\n');
}
