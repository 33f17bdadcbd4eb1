import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { Schema } from './schema';
import { SchemaStore } from './schema-store';

const emptySchema = (): Schema => Schema.fromFileDescriptorProtos([]);

describe('SchemaStore', () => {
  it('hands out unique ids and returns the schema stored under each', () => {
    const store = new SchemaStore();
    const first = emptySchema();
    const second = emptySchema();
    const firstId = store.add(first);
    const secondId = store.add(second);
    expect(firstId).not.toBe(secondId);
    expect(store.get(firstId)).toBe(first);
    expect(store.get(secondId)).toBe(second);
  });

  it('keeps only the most recently used schemas', () => {
    const store = new SchemaStore(2);
    const a = store.add(emptySchema());
    const b = store.add(emptySchema());
    store.get(a); // a is now more recent than b
    const c = store.add(emptySchema());
    expect([store.has(a), store.has(b), store.has(c)]).toEqual([true, false, true]);
    expect(store.size).toBe(2);
  });

  it('reports an unknown id as not_found with a hint', () => {
    const error = (() => {
      try {
        new SchemaStore().get('nope');
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(WorkbenchError);
    expect((error as WorkbenchError).kind).toBe('not_found');
    expect((error as WorkbenchError).hint).toBeDefined();
  });

  it('lets a caller wait for a schema loading under a client-chosen id, and gives a failed load’s error', async () => {
    const store = new SchemaStore();
    const schema = emptySchema();
    let finish!: (loaded: Schema) => void;
    const loading = store.addLoading('mine', new Promise<Schema>((resolve) => (finish = resolve)));
    expect(() => store.get('mine')).toThrow(/not loaded/);
    const waiting = store.ready('mine');
    await expect(store.addLoading('mine', Promise.resolve(emptySchema()))).rejects.toThrow(/already loaded or loading/);
    finish(schema);
    await expect(waiting).resolves.toBe(schema);
    await expect(loading).resolves.toBe(schema);
    expect(store.get('mine')).toBe(schema);

    const refused = new WorkbenchError('refused', 'Nothing listens on 127.0.0.1:1.');
    const failing = store.addLoading('broken', Promise.reject(refused));
    const waitingForBroken = store.ready('broken');
    await expect(failing).rejects.toBe(refused);
    await expect(waitingForBroken).rejects.toBe(refused);
    // Asked after the load failed, the reason is still the load's.
    await expect(store.ready('broken')).rejects.toBe(refused);
  });
});
