import { describe, expect, it } from 'vitest';
import { report, result } from '../testing/run-fixtures';
import { applyRunEvent, createRunView, failedPaths, runLocation } from './run-state';

describe('run state', () => {
  it('adds a row per progress event, then takes the report (with skipped requests) at the end', () => {
    let run = createRunView('run-1', { root: '/work/lab', paths: [], env: 'local' });
    const a = result('users/a.grpc.yaml', 'passed');
    const b = result('users/b.grpc.yaml', 'failed');
    run = applyRunEvent(run, { type: 'run-progress', runId: 'run-1', result: a, done: 1, total: 3 });
    run = applyRunEvent(run, { type: 'run-progress', runId: 'other', result: b, done: 1, total: 1 });
    run = applyRunEvent(run, { type: 'run-progress', runId: 'run-1', result: b, done: 2, total: 3 });
    expect(run).toMatchObject({ phase: 'running', done: 2, total: 3, results: [a, b] });
    const c = result('errors/c.grpc.yaml', 'skipped');
    run = applyRunEvent(run, { type: 'run-end', runId: 'run-1', report: report([a, b, c]) });
    expect(run).toMatchObject({ phase: 'ended', done: 3, results: [a, b, c] });
    expect(failedPaths(run)).toEqual(['users/b.grpc.yaml']);
  });

  it('keeps the rows of a run that broke, with its error', () => {
    let run = createRunView('run-1', { root: '/work/lab', paths: ['users'] });
    const a = result('users/a.grpc.yaml', 'transport');
    run = applyRunEvent(run, { type: 'run-progress', runId: 'run-1', result: a, done: 1, total: 2 });
    run = applyRunEvent(run, {
      type: 'run-end',
      runId: 'run-1',
      report: report([]),
      error: { kind: 'internal', message: 'broke' },
    });
    expect(run).toMatchObject({ phase: 'ended', results: [a], error: { message: 'broke' } });
    expect(failedPaths(run)).toEqual(['users/a.grpc.yaml']);
  });

  it('runs collection paths from the collection folder; none means all of it', () => {
    expect(runLocation({ root: '/work/lab', paths: [] })).toEqual({ cwd: '/work/lab', paths: ['.'] });
    expect(runLocation({ root: '/work/lab', paths: ['users'] })).toEqual({ cwd: '/work/lab', paths: ['users'] });
  });
});
