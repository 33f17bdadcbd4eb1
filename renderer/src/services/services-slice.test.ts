import { describe, expect, it } from 'vitest';
import type { MethodDescription } from '../../../shared/api';
import { describeFakeMethod, FakeWorkbenchClient } from '../testing/fake-client';
import { connectedStore, methodNamed, testStore } from '../testing/test-store';
import { selectDescriptionOf, selectSelectedMethod } from './services-slice';

describe('services slice', () => {
  it('selects a method of the loaded schema and describes it once for every view', async () => {
    const { client, store } = await connectedStore();
    const getUser = methodNamed('GetUser');
    await store.getState().selectMethod(getUser);
    expect(selectSelectedMethod(store.getState())).toBe(getUser);
    // The lens asks for the same description: the store already holds it.
    await store.getState().describe('schema-1', getUser.path);
    await store.getState().selectMethod(getUser);
    expect(client.paramsOf('describeMethod')).toEqual([{ schemaId: 'schema-1', method: getUser.path }]);
    expect(selectDescriptionOf('schema-1', getUser.path)(store.getState())?.exampleJson).toEqual({ id: 'u1' });
    expect(selectDescriptionOf('schema-1', 'other/Method')(store.getState())).toBeUndefined();
  });

  it('selects nothing before a schema is loaded', async () => {
    const { client, store } = testStore();
    await store.getState().selectMethod(methodNamed('GetUser'));
    expect(selectSelectedMethod(store.getState())).toBeUndefined();
    expect(client.paramsOf('describeMethod')).toEqual([]);
  });

  it('drops a description that arrives after the schema changed, and retries one that failed', async () => {
    let answer: (value: MethodDescription) => void = () => undefined;
    const client = new FakeWorkbenchClient({ describeMethod: () => new Promise((resolve) => (answer = resolve)) });
    const { store } = await connectedStore(client);
    const getUser = methodNamed('GetUser');
    const describing = store.getState().selectMethod(getUser);
    expect(store.getState().description.status).toBe('loading');
    store.getState().forgetDescription();
    answer(describeFakeMethod(getUser.path));
    await describing;
    expect(store.getState().description.status).toBe('idle');

    client.handlers.describeMethod = () => Promise.reject({ kind: 'unknown_method', message: 'gone' });
    await store.getState().describe('schema-1', getUser.path);
    expect(store.getState().description).toEqual({
      status: 'error',
      error: { kind: 'unknown_method', message: 'gone' },
    });
    client.handlers.describeMethod = async ({ method }) => describeFakeMethod(method);
    await store.getState().describe('schema-1', getUser.path);
    expect(store.getState().description.status).toBe('loaded');
  });

  it('keeps the filter text', () => {
    const { store } = testStore();
    store.getState().setFilter('user get');
    expect(store.getState().filter).toBe('user get');
  });
});
