import { describe, expect, it } from 'vitest';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { report, result } from '../testing/run-fixtures';
import { testStore } from '../testing/test-store';

describe('runs slice', () => {
  it('subscribes before starting, folds progress, then re-runs only the failed requests', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = testStore(client);
    const subscribedBeforeStart: boolean[] = [];
    client.handlers.startRun = async ({ runId }) => {
      // An event sent as the run starts must already be heard.
      client.emit({ type: 'run-progress', runId, result: result('users/a.grpc.yaml', 'passed'), done: 1, total: 2 });
      subscribedBeforeStart.push(store.getState().run?.results.length === 1);
      return { runId };
    };
    await store.getState().startCollectionRun({ root: '/work/lab', paths: [], env: 'local' });
    expect(subscribedBeforeStart).toEqual([true]);
    expect(client.paramsOf('startRun')).toEqual([{ runId: 'run-1', cwd: '/work/lab', paths: ['.'], env: 'local' }]);
    expect(store.getState()).toMatchObject({ runViewOpen: true, run: { phase: 'running', done: 1, total: 2 } });

    const failed = result('users/b.grpc.yaml', 'failed');
    client.emit({ type: 'run-progress', runId: 'run-1', result: failed, done: 2, total: 2 });
    client.emit({
      type: 'run-end',
      runId: 'run-1',
      report: report([result('users/a.grpc.yaml', 'passed'), failed]),
    });
    expect(store.getState().run).toMatchObject({ phase: 'ended', done: 2 });

    await store.getState().rerunFailed();
    expect(client.paramsOf('startRun')[1]).toEqual({
      runId: 'run-2',
      cwd: '/work/lab',
      paths: ['users/b.grpc.yaml'],
      env: 'local',
    });
    // Events of the old run no longer reach the view.
    client.emit({ type: 'run-progress', runId: 'run-1', result: failed, done: 3, total: 3 });
    expect(store.getState().run).toMatchObject({ runId: 'run-2', results: [result('users/a.grpc.yaml', 'passed')] });
  });

  it('stops a running run, and exports the JUnit of a finished one', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = testStore(client);
    await store.getState().startCollectionRun({ root: '/work/lab', paths: ['users'] });
    await store.getState().stopRun();
    expect(client.paramsOf('cancelRun')).toEqual([{ runId: 'run-1' }]);
    expect(await store.getState().exportRunJunit()).toBeUndefined();
    client.emit({ type: 'run-end', runId: 'run-1', report: report([]) });
    expect(await store.getState().exportRunJunit()).toEqual({ xml: '<testsuites/>', fileName: 'run.junit.xml' });
  });

  it('shows a start the host refused as an ended run with its error', async () => {
    const client = new FakeWorkbenchClient({
      startRun: async () => {
        throw Object.assign(new Error('/nowhere is not a collection folder'), { kind: 'bad_input' });
      },
    });
    const { store } = testStore(client);
    await store.getState().startCollectionRun({ root: '/nowhere', paths: [] });
    expect(store.getState().run).toMatchObject({
      phase: 'ended',
      error: { kind: 'bad_input', message: '/nowhere is not a collection folder' },
    });
  });
});
