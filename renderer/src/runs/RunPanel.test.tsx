import { act, cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { report, result } from '../testing/run-fixtures';
import { RunPanel } from './RunPanel';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('RunPanel', () => {
  it('shows a row per result as it arrives, expands a failure, stops, re-runs failed and downloads the JUnit', async () => {
    const user = userEvent.setup();
    const client = new FakeWorkbenchClient();
    const { store } = renderWithStore(<RunPanel />, client);
    await act(() => store.getState().startCollectionRun({ root: '/work/lab', paths: [], env: 'local' }));
    const passed = result('users/a.grpc.yaml', 'passed');
    const failed = result('users/b.grpc.yaml', 'failed');
    act(() => client.emit({ type: 'run-progress', runId: 'run-1', result: passed, done: 1, total: 2 }));
    expect(screen.getByRole('status').textContent).toBe('running… 1 of 2');
    const rows = () => within(screen.getAllByRole('table')[0]!).getAllByRole('row');
    expect(rows()[1]!.textContent).toContain('passed');
    expect(rows()[1]!.textContent).toContain('OK (0)');
    expect(rows()[1]!.textContent).toContain('b1');
    await user.click(screen.getByRole('button', { name: 'Stop' }));
    expect(client.paramsOf('cancelRun')).toEqual([{ runId: 'run-1' }]);

    act(() => {
      client.emit({ type: 'run-progress', runId: 'run-1', result: failed, done: 2, total: 2 });
      client.emit({ type: 'run-end', runId: 'run-1', report: report([passed, failed]) });
    });
    expect(screen.getByRole('status').textContent).toBe('1 passed, 1 failed, 0 skipped in 20 ms');
    await user.click(screen.getByRole('button', { name: 'users/b.grpc.yaml' }));
    const details = within(screen.getByRole('table', { name: 'Failed expectations of users/b.grpc.yaml' }));
    expect(details.getByRole('row', { name: /status/ }).textContent).toBe('statusOK (0)NOT_FOUND (5): no user');

    const createObjectURL = vi.fn(() => 'blob:junit');
    Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() });
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(`${this.download} ${this.href}`);
    });
    await user.click(screen.getByRole('button', { name: 'Export JUnit' }));
    expect(client.paramsOf('exportRunJunit')).toEqual([{ runId: 'run-1' }]);
    expect(clicked).toEqual(['run.junit.xml blob:junit']);

    await user.click(screen.getByRole('button', { name: 'Re-run failed' }));
    expect(client.paramsOf('startRun')[1]).toMatchObject({
      runId: 'run-2',
      paths: ['users/b.grpc.yaml'],
      env: 'local',
    });
  });
});
