import { act, cleanup, fireEvent, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCallEvents, createCallView } from '../response/call-state';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { ExpectationsTab } from './ExpectationsTab';

afterEach(cleanup);

describe('ExpectationsTab', () => {
  it('edits expect as a form and as YAML: the same value; invalid YAML kept with its error', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStore(<ExpectationsTab />, new FakeWorkbenchClient());
    await user.type(screen.getByLabelText('Status'), 'NOT_FOUND');
    await user.type(screen.getByLabelText('New Headers name'), 'x-backend');
    await user.type(screen.getByLabelText('New Headers value'), 'b2');
    await user.click(within(screen.getByRole('group', { name: 'Headers' })).getByRole('button', { name: 'Add' }));
    expect(store.getState().draft.expect).toEqual({ status: 'NOT_FOUND', headers: { 'x-backend': 'b2' } });

    await user.click(screen.getByRole('radio', { name: 'YAML' }));
    const yaml = screen.getByLabelText('expect (YAML)');
    expect(yaml).toHaveProperty('value', 'status: NOT_FOUND\nheaders:\n  x-backend: b2\n');
    fireEvent.change(yaml, { target: { value: 'status: OK\nwithin: [' } });
    expect(screen.getByRole('alert').textContent).toMatch(/^Not applied: .*line 2/s);
    expect(store.getState().draft.expect).toEqual({ status: 'NOT_FOUND', headers: { 'x-backend': 'b2' } });

    // Switching views loses nothing typed.
    await user.click(screen.getByRole('radio', { name: 'Form' }));
    await user.click(screen.getByRole('radio', { name: 'YAML' }));
    expect(screen.getByLabelText('expect (YAML)')).toHaveProperty('value', 'status: OK\nwithin: [');

    fireEvent.change(screen.getByLabelText('expect (YAML)'), { target: { value: 'status: OK\nwithin: 500ms\n' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(store.getState().draft.expect).toEqual({ status: 'OK', within: '500ms' });
    await user.click(screen.getByRole('radio', { name: 'Form' }));
    expect(screen.getByLabelText('Within')).toHaveProperty('value', '500ms');
  });

  it('shows each check of the last call passed or failed, expected vs actual', () => {
    const { store } = renderWithStore(<ExpectationsTab />, new FakeWorkbenchClient());
    expect(screen.getByText('Send the request to check its expectations.')).toBeTruthy();
    act(() => {
      store.getState().setExpectations({ status: 'OK', message: { partial: '{"name":"Ada"}' } });
      store.setState({
        call: applyCallEvents(createCallView('call-1', 'user.v1.UserService/GetUser', 'unary'), [
          {
            type: 'call-messages',
            callId: 'call-1',
            messages: [{ index: 0, json: { name: 'Grace' }, sizeBytes: 7, receivedMs: 2 }],
          },
          {
            type: 'call-end',
            callId: 'call-1',
            status: { code: 0, name: 'OK', message: '', details: [] },
            headers: {},
            trailers: {},
            timings: { totalMs: 3 },
            received: 1,
            sent: 1,
          },
        ]),
      });
    });
    const table = within(screen.getByRole('table', { name: 'Expectation results' }));
    expect(table.getByRole('row', { name: /^status/ }).textContent).toContain('passed');
    const partial = table.getByRole('row', { name: /^message\.partial/ });
    expect(partial.textContent).toContain('failed');
    expect(partial.textContent).toContain('Ada');
    expect(partial.textContent).toContain('Grace');
    expect(screen.getByText('Last call: 1 of 2 passed')).toBeTruthy();
  });
});
