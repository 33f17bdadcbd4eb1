// The renderer store is browser code (its frame batcher names requestAnimationFrame): its types need the DOM lib.
/// <reference lib="dom" />
/**
 * The renderer's store over the real engine (its in-process client) and the demo lab: a request
 * of the shipped collection, sent from a tab with the environment chosen and the secret set in
 * the host's store, reaches the lab with the secret's value while the page only ever held
 * `{{secret.apiKey}}`; its expectations pass as a run would judge them.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationInput, WorkbenchEvent } from '../../shared/api';
import { evaluateExpectations } from '../../shared/collections/expectations';
import type { GrpcRequest } from '../../shared/collections/request';
import { createWorkbenchService } from '../../main/engine/index';
import type { SecretStore } from '../../main/engine/collections/secrets';
import { startLab, type Lab } from '../../proto-samples/lab/index';
import { withEnvironmentVariables } from '../../renderer/src/environments/draft-variables';
import { selectDraftScope } from '../../renderer/src/environments/environments-slice';
import { outcomeOfCall } from '../../renderer/src/expectations/call-outcome';
import { sequentialClientIds } from '../../renderer/src/store/client-id';
import { createWorkbenchStore } from '../../renderer/src/store/create-store';
import { manualFrames } from '../../renderer/src/testing/test-store';

const example = fileURLToPath(new URL('../../proto-samples/collections/lab', import.meta.url));
const SECRET = 'lab-s3cret-from-the-store';

function memoryStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    get: async (key) => values.get(key),
    set: async (key, value) => void values.set(key, value),
    delete: async (key) => void values.delete(key),
  };
}

describe('a collection request sent from the renderer store', () => {
  let lab: Lab;
  let root: string;
  beforeAll(async () => {
    lab = await startLab();
    root = mkdtempSync(join(tmpdir(), 'workbench-renderer-lab-'));
    cpSync(example, root, { recursive: true });
    const local = join(root, 'environments/local.yaml');
    writeFileSync(local, readFileSync(local, 'utf8').replace('target: 127.0.0.1:50051', `target: ${lab.target}`));
  });
  afterAll(async () => {
    await lab.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('resolves vars in the page and the secret in the host', async () => {
    const engine = createWorkbenchService({ hostInfo: { version: 'test', host: 'browser' }, secrets: memoryStore() });
    const startCalls: OperationInput<'startCall'>[] = [];
    const client = Object.assign(Object.create(engine) as typeof engine, {
      startCall: (params: OperationInput<'startCall'>) => {
        startCalls.push(params);
        return engine.startCall(params);
      },
    });
    const frames = manualFrames();
    const store = createWorkbenchStore(client, { schedule: frames.schedule, newId: sequentialClientIds() });
    try {
      const state = () => store.getState();
      await state().openCollection(root, 'local');
      expect(await state().saveSecret(root, 'apiKey', SECRET)).toBe(true);
      const entry = await client.readCollectionEntry({ root, path: 'users/get-user.grpc.yaml' });
      const saved = entry.model as GrpcRequest;
      state().openRequestTab(saved, { origin: { root, path: 'users/get-user.grpc.yaml', saved } });

      await state().connect();
      expect(state().schema.status).toBe('loaded');
      state().switchMethod(state().methodIndex.get(saved.method));
      const ended = new Promise<void>((done) => {
        const stop = client.onEvent((event: WorkbenchEvent) => {
          if (event.type === 'call-end') {
            stop();
            done();
          }
        });
      });
      await state().send();
      expect(state().callError).toBeUndefined();
      await ended;
      frames.runFrame();

      const call = state().call;
      expect(call?.status?.name).toBe('OK');
      // The lab echoes x- metadata: it received the stored value…
      expect(call?.headers?.['x-echo-x-api-key']).toEqual([SECRET]);
      // …while the page sent only the placeholder, with its plain variables resolved.
      expect(startCalls).toHaveLength(1);
      expect(JSON.stringify(startCalls[0])).not.toContain(SECRET);
      expect(startCalls[0]).toMatchObject({
        connection: { target: lab.target },
        metadata: [{ key: 'x-api-key', value: '{{secret.apiKey}}' }],
        messages: ['{"id": "u42"}\n'],
        collection: { root, path: 'users/get-user.grpc.yaml' },
      });
      const outcome = outcomeOfCall(call)!.outcome;
      const { results } = evaluateExpectations(
        withEnvironmentVariables(saved.expect, selectDraftScope(state())),
        outcome,
      );
      expect(results.filter((result) => !result.passed)).toEqual([]);
    } finally {
      store.getState().dispose();
      await engine.dispose();
    }
  });
});
