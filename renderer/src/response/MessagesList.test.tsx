import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MessagesExport, ReceivedMessage } from '../../../shared/api';
import { createCallView, type CallView } from './call-state';
import { createWorkbenchStore } from '../store/create-store';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { giveElementsALayout } from '../testing/render-workbench';
import { WorkbenchProvider } from '../app/WorkbenchContext';
import { MessagesList } from './MessagesList';

afterEach(cleanup);

function messages(from: number, count: number): ReceivedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    json: { id: `u${from + i}` },
    sizeBytes: 6,
    receivedMs: i,
  }));
}

/** A call of which 25,000 messages arrived and the view keeps the last 10. */
function longCall(receivedTotal = 25_000): CallView {
  return {
    ...createCallView('call-7', 'user.v1.UserService/ListUsers', 'server_streaming'),
    receivedTotal,
    messages: messages(receivedTotal - 10, Math.min(10, receivedTotal)),
  };
}

function renderList(client: FakeWorkbenchClient, call = longCall()) {
  giveElementsALayout();
  const store = createWorkbenchStore(client, { schedule: () => () => undefined });
  store.setState({ call });
  render(
    <WorkbenchProvider store={store}>
      <MessagesList call={call} />
    </WorkbenchProvider>,
  );
  return store;
}

describe('MessagesList export', () => {
  // The view never asks which host it runs on: both save through the client's saveExport.
  it.each(['browser', 'electron'] as const)(
    'on a %s host, asks the client to save every message of the call and says what it saved',
    async (host) => {
      const client = new FakeWorkbenchClient({
        hostInfo: async () => ({ version: 't', host }),
        exportMessages: async () => ({
          path: '/home/me/ListUsers.ndjson',
          fileName: 'x.ndjson',
          count: 25_000,
          bytes: 1,
        }),
      });
      renderList(client);
      fireEvent.click(screen.getByRole('button', { name: 'Export all 25,000 as NDJSON' }));
      expect(await screen.findByText('Exported 25,000 as x.ndjson')).toBeTruthy();
      expect(client.paramsOf('exportMessages')).toEqual([{ callId: 'call-7' }]);
    },
  );

  it('says nothing when the save was cancelled and reports a failure', async () => {
    let answer: () => Promise<MessagesExport> = async () => ({
      path: '/tmp/x',
      fileName: 'x',
      count: 1,
      bytes: 1,
      cancelled: true,
    });
    const client = new FakeWorkbenchClient({ exportMessages: () => answer() });
    const store = renderList(client);
    const button = screen.getByRole('button', { name: 'Export all 25,000 as NDJSON' });
    fireEvent.click(button);
    await waitFor(() => expect(client.paramsOf('exportMessages')).toHaveLength(1));
    await waitFor(() => expect(store.getState().exporting).toBe(false));
    expect(screen.queryByText(/^Exported/)).toBeNull();
    answer = () => Promise.reject({ kind: 'not_found', message: 'There are no recorded messages of call call-7.' });
    fireEvent.click(button);
    await waitFor(() =>
      expect(store.getState().callError?.message).toBe('There are no recorded messages of call call-7.'),
    );
  });

  it('offers no export before any message arrived', () => {
    renderList(new FakeWorkbenchClient(), longCall(0));
    expect((screen.getByRole('button', { name: 'Export all 0 as NDJSON' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('MessagesList rows', () => {
  it('shows a unary response open, every key of it, and a stream’s messages folded', () => {
    const unary: CallView = {
      ...createCallView('call-1', 'user.v1.UserService/GetUser', 'unary'),
      receivedTotal: 1,
      messages: [{ index: 0, json: { id: 'u1', name: 'Ada' }, sizeBytes: 9, receivedMs: 1 }],
    };
    renderList(new FakeWorkbenchClient(), unary);
    expect(screen.getByRole('button', { name: 'Collapse message 0' }).getAttribute('aria-expanded')).toBe('true');
    expect(screen.getByRole('region', { name: 'Messages' }).querySelector('.json-view')!.textContent).toContain(
      '"name": "Ada"',
    );
    cleanup();
    renderList(new FakeWorkbenchClient(), longCall(3));
    expect(screen.getAllByRole('button', { name: /^Expand message/ })).toHaveLength(3);
  });

  it('shows the newer messages of a stream in the rows it has, each open or copied row staying with its message', async () => {
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async () => undefined } });
    giveElementsALayout();
    const store = createWorkbenchStore(new FakeWorkbenchClient(), { schedule: () => () => undefined });
    const before = longCall(25_000);
    store.setState({ call: before });
    const view = (call: CallView) => (
      <WorkbenchProvider store={store}>
        <MessagesList call={call} />
      </WorkbenchProvider>
    );
    const { rerender } = render(view(before));
    const rowsBefore = new Set(screen.getAllByRole('article'));
    fireEvent.click(screen.getByRole('button', { name: 'Expand message 24995' }));
    fireEvent.click(
      within(screen.getByRole('article', { name: 'Message 24990' })).getByRole('button', { name: 'Copy' }),
    );
    // The copy's steps are tasks of their own (ui/next-task.ts): a loaded machine takes a while.
    await screen.findByRole('button', { name: 'Copied' }, { timeout: 5_000 });

    // Five more arrived: the rows of 24990–24994 show 25000–25004.
    rerender(view({ ...before, receivedTotal: 25_005, messages: messages(24_995, 10) }));
    expect(rowsBefore.has(screen.getByRole('article', { name: 'Message 25004' }))).toBe(true);
    expect(screen.queryByRole('article', { name: 'Message 24990' })).toBeNull();
    expect(screen.getAllByRole('button', { name: /^Collapse message/ }).map((button) => button.ariaLabel)).toEqual([
      'Collapse message 24995',
    ]);
    expect(screen.queryByRole('button', { name: 'Copied' })).toBeNull();
  });
});

describe('MessagesList copy', () => {
  /** What the page writes to the clipboard itself. */
  const clipboardWrites = (): string[] => {
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void copied.push(text) },
    });
    return copied;
  };
  const heldBack = (): CallView => ({
    ...createCallView('call-8', 'user.v1.UserService/GetUser', 'unary'),
    receivedTotal: 1,
    messages: [
      {
        index: 0,
        json: { id: 'u1', avatar: 'QUJD…' },
        elided: [{ path: ['avatar'], length: 14_000_000 }],
        sizeBytes: 10_485_760,
        receivedMs: 0,
      },
    ],
  });

  it('has the host put a message with values it kept back on the clipboard, the page holding none of it', async () => {
    const copied = clipboardWrites();
    const client = new FakeWorkbenchClient();
    const delivered: unknown[] = [];
    client.deliverMessageValue = async (value, to) => {
      delivered.push({ value, to });
      return 'delivered';
    };
    renderList(client, heldBack());
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    expect(await screen.findByRole('button', { name: 'Copied' })).toBeTruthy();
    expect(delivered).toEqual([{ value: { callId: 'call-8', index: 0, path: [] }, to: 'clipboard' }]);
    expect(client.paramsOf('fetchMessageValue')).toEqual([]);
    expect(copied).toEqual([]);
  });

  it('copies a message the host kept nothing of from the page', async () => {
    const copied = clipboardWrites();
    const client = new FakeWorkbenchClient();
    client.deliverMessageValue = () => Promise.reject(new Error('not asked for a message the page has whole'));
    const call = {
      ...heldBack(),
      messages: [{ index: 0, json: { id: 'u1', name: 'Ada' }, sizeBytes: 9, receivedMs: 0 }],
    };
    renderList(client, call);
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(copied).toEqual([JSON.stringify({ id: 'u1', name: 'Ada' }, null, 2)]));
  });

  it('where the host cannot, copies the whole message: each value the host kept back fetched and put in, escaped where it must be', async () => {
    const copied = clipboardWrites();
    const plain = 'QUJD'.repeat(300_000); // base64-like: nothing to escape, over a megabyte
    const quoted = 'say "hi"\n';
    const client = new FakeWorkbenchClient({
      fetchMessageValue: async ({ path }) => ({ value: path.at(-1) === 'avatar' ? plain : quoted }),
    });
    const message: ReceivedMessage = {
      index: 0,
      json: { id: 'u1', avatar: 'QUJD…', notes: [{ text: 'say…' }] },
      elided: [
        { path: ['avatar'], length: plain.length },
        { path: ['notes', 0, 'text'], length: quoted.length },
      ],
      sizeBytes: plain.length,
      receivedMs: 0,
    };
    const call = {
      ...createCallView('call-8', 'user.v1.UserService/GetUser', 'unary'),
      receivedTotal: 1,
      messages: [message],
    };
    renderList(client, call);
    fireEvent.click(screen.getByRole('button', { name: 'Copy' }));
    await waitFor(() => expect(copied).toHaveLength(1));
    expect(copied[0]).toBe(JSON.stringify({ id: 'u1', avatar: plain, notes: [{ text: quoted }] }, null, 2));
  });
});
