import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallEvent, ReceivedMessage } from '../../../shared/api';
import { FakeWorkbenchClient, fakeServices } from '../testing/fake-client';
import { renderWorkbench, type RenderedWorkbench } from '../testing/render-workbench';

afterEach(cleanup);

async function connect(workbench: RenderedWorkbench, target = 'localhost:50051'): Promise<void> {
  fireEvent.change(screen.getByRole('textbox', { name: 'Target' }), { target: { value: target } });
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  await screen.findByRole('button', { name: /GetUser/ });
  expect(workbench.client.paramsOf('loadSchema')).toHaveLength(1);
}

async function pick(methodName: string): Promise<void> {
  fireEvent.click(screen.getByRole('button', { name: new RegExp(`^${methodName}`) }));
  await waitFor(() =>
    expect((screen.getByRole('button', { name: 'Generate example' }) as HTMLButtonElement).disabled).toBe(false),
  );
}

function emit(workbench: RenderedWorkbench, ...events: CallEvent[]): void {
  act(() => workbench.client.emit(...events));
  workbench.runFrame();
}

function messages(from: number, count: number): ReceivedMessage[] {
  return Array.from({ length: count }, (_, i) => ({
    index: from + i,
    json: { id: `u${from + i + 1}` },
    sizeBytes: 6,
    receivedMs: 1 + i,
  }));
}

function end(callId: string, code: number, name: string, message = '', details: unknown[] = []): CallEvent {
  return {
    type: 'call-end',
    callId,
    status: { code, name, message, details },
    headers: { 'content-type': ['application/grpc'], 'x-backend': ['backend-a'] },
    trailers: { 'x-served-by': ['backend-a'] },
    peer: '127.0.0.1:50051',
    timings: { headersMs: 2, firstMessageMs: 3, totalMs: 4 },
    received: 1,
    sent: 1,
  };
}

describe('the workbench UI', () => {
  it('connects, lists services with kind badges, filters as you type and shows the channel state', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    expect(workbench.client.paramsOf('loadSchema')[0]).toMatchObject({
      sources: [{ kind: 'reflection', connection: { target: 'localhost:50051' } }],
    });
    expect(screen.getByRole('button', { name: /ListUsers/ }).textContent).toContain('server');
    expect(screen.getByRole('button', { name: /Chat/ }).textContent).toContain('bidi');
    expect(screen.getByTestId('channel-state').textContent).toBe('IDLE');
    act(() =>
      workbench.client.emit({
        type: 'channel-state',
        watchId: 'watch-1',
        snapshot: {
          target: 't',
          state: 'READY',
          timeline: [],
          subchannels: [],
          callsStarted: 0,
          callsSucceeded: 0,
          callsFailed: 0,
        },
      }),
    );
    expect(screen.getByTestId('channel-state').textContent).toBe('READY');

    fireEvent.change(screen.getByRole('textbox', { name: 'Filter methods' }), { target: { value: 'chat' } });
    await waitFor(() => expect(screen.queryByRole('button', { name: /GetUser/ })).toBeNull());
    expect(screen.getByRole('button', { name: /Chat/ })).toBeTruthy();
  });

  it('sends a unary call and shows status, retry meaning, headers, trailers, peer and the message', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Generate example' }));
    expect((screen.getByRole('textbox', { name: 'Request message' }) as HTMLTextAreaElement).value).toContain(
      '"id": "u1"',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(workbench.client.paramsOf('startCall')).toHaveLength(1));
    expect(workbench.client.paramsOf('startCall')[0]).toMatchObject({
      method: 'user.v1.UserService/GetUser',
      messages: [expect.stringContaining('"u1"')],
    });
    await screen.findByText('Call open…');

    emit(workbench, { type: 'call-messages', callId: 'call-1', messages: messages(0, 1) }, end('call-1', 0, 'OK'));
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('0 OK');
    expect(status.textContent).toContain('Nothing to retry');
    const headers = screen.getByRole('region', { name: 'Headers' });
    expect(within(headers).getByText('x-backend')).toBeTruthy();
    expect(within(screen.getByRole('region', { name: 'Trailers' })).getByText('backend-a')).toBeTruthy();
    expect(screen.getByText('127.0.0.1:50051')).toBeTruthy();
    expect(screen.getByTestId('received-count').textContent).toBe('1 received');
    expect(screen.getByText('{"id":"u1"}')).toBeTruthy();
  });

  it('shows a failing call with its code, meaning and decoded details', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    const badRequest = {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ field: 'id', description: 'must look like u<number>' }],
    };
    emit(workbench, end('call-1', 3, 'INVALID_ARGUMENT', 'id "x" is malformed', [badRequest]));
    const status = screen.getByRole('status');
    expect(status.textContent).toContain('3 INVALID_ARGUMENT');
    expect(status.textContent).toContain('id "x" is malformed');
    expect(status.textContent).toContain('Do not retry');
    expect(status.className).toContain('tone-client');
    const details = screen.getByRole('region', { name: 'Error details' });
    expect(details.textContent).toContain('google.rpc.BadRequest');
    expect(details.textContent).toContain('must look like u<number>');
  });

  it('drives a bidi stream by hand: send messages, end the stream, then the server ends it', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('Chat');
    fireEvent.change(screen.getByRole('textbox', { name: 'Request message' }), {
      target: { value: '{"text":"hello"}' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByRole('button', { name: 'End stream' });
    expect(workbench.client.paramsOf('startCall')[0]?.messages).toEqual(['{"text":"hello"}']);
    // While the stream takes messages the primary action feeds it: there is no Send to restart it.
    expect(screen.queryByRole('button', { name: 'Send' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Send message' }));
    // Ctrl+Enter in the editor sends the next message while the stream is open.
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Request message' }), { key: 'Enter', ctrlKey: true });
    await waitFor(() => expect(workbench.client.paramsOf('sendMessage')).toHaveLength(2));
    emit(
      workbench,
      { type: 'call-sent', callId: 'call-1', count: 2, atMs: 5 },
      { type: 'call-messages', callId: 'call-1', messages: messages(0, 2) },
    );
    expect(screen.getByText('2 sent')).toBeTruthy();
    expect(screen.getByTestId('received-count').textContent).toBe('2 received');
    // What we sent is on the timeline too: the first message and the two fed by hand, and both answers.
    const list = screen.getByRole('region', { name: 'Messages' });
    const labels = within(list)
      .getAllByRole('article')
      .map((row) => row.getAttribute('aria-label'));
    expect(labels.filter((label) => label!.startsWith('Sent'))).toEqual([
      'Sent message 0',
      'Sent message 1',
      'Sent message 2',
    ]);
    expect(labels.filter((label) => !label!.startsWith('Sent'))).toEqual(['Message 0', 'Message 1']);
    expect(list.textContent).toContain('{"text":"hello"}');

    fireEvent.click(screen.getByRole('button', { name: 'End stream' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: 'End stream' })).toBeNull());
    expect(workbench.client.paramsOf('halfClose')).toEqual([{ callId: 'call-1' }]);
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeTruthy();
    emit(workbench, end('call-1', 0, 'OK'));
    expect(screen.queryByRole('button', { name: 'Cancel' })).toBeNull();
    expect(screen.getByRole('status').textContent).toContain('0 OK');
    expect(workbench.client.paramsOf('startCall')).toHaveLength(1);
  });

  it('shows request JSON that does not fit once, as not sent, naming the type and the field', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    const error = {
      kind: 'bad_request_json' as const,
      message: 'id: expected string, got number',
      subject: 'id',
      hint: 'Make the request fit user.v1.GetUserRequest.',
    };
    emit(workbench, {
      type: 'call-end',
      callId: 'call-1',
      status: { code: 3, name: 'INVALID_ARGUMENT', message: error.message, details: [], error },
      headers: {},
      trailers: {},
      timings: { totalMs: 0 },
      received: 0,
      sent: 0,
    });
    const response = screen.getByRole('region', { name: 'Response' });
    expect(within(response).getByRole('alert').textContent).toBe(
      'Not sent: request JSON does not fit user.v1.GetUserRequest — id: expected string, got number',
    );
    expect(within(response).queryByRole('status')).toBeNull();
    expect(response.textContent).not.toContain('INVALID_ARGUMENT');
  });

  it('shows a transport failure in one box: status and diagnosis, each sentence once', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    const error = {
      kind: 'connection' as const,
      message: 'Connection dropped',
      hint: 'Check that the server is running.',
    };
    emit(workbench, {
      ...end('call-1', 14, 'UNAVAILABLE', 'Connection dropped'),
      status: { code: 14, name: 'UNAVAILABLE', message: 'Connection dropped', details: [], error },
    } as CallEvent);
    const response = screen.getByRole('region', { name: 'Response' });
    expect(within(response).queryByRole('alert')).toBeNull();
    const status = within(response).getByRole('status');
    expect(status.textContent).toContain('14 UNAVAILABLE');
    expect(status.textContent).toContain('Connection failed');
    expect(status.textContent).toContain('Check that the server is running.');
    expect(response.textContent!.split('Connection dropped')).toHaveLength(2);
  });

  it('clears the previous response when another method is picked', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    emit(workbench, end('call-1', 0, 'OK'));
    expect(screen.getByRole('status').textContent).toContain('0 OK');
    await pick('ListUsers');
    expect(screen.queryByRole('status')).toBeNull();
    expect(screen.getByText('Send a request to see the response here.')).toBeTruthy();
  });

  it('says a call reused the connection instead of timing it at 0µs', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    emit(workbench, { ...end('call-1', 0, 'OK'), timings: { readyMs: 0, headersMs: 2, totalMs: 4 } } as CallEvent);
    const connected = screen.getByText('Connected').parentElement!;
    expect(connected.textContent).toBe('Connectedreused connection');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    emit(workbench, { ...end('call-2', 0, 'OK'), timings: { readyMs: 12, totalMs: 20 } } as CallEvent);
    expect(screen.getByText('Connected').parentElement!.textContent).not.toContain('reused');
  });

  it('counts the files with problems, not the problems', async () => {
    const client = new FakeWorkbenchClient({
      loadSchema: async () => ({
        schemaId: 'schema-1',
        services: [],
        fileCount: 3,
        problems: [
          { file: 'orders.proto', line: 3, message: 'import "money.proto" not found' },
          { file: 'orders.proto', line: 4, message: 'import "geo.proto" not found' },
        ],
      }),
    });
    renderWorkbench(client);
    fireEvent.change(screen.getByRole('textbox', { name: 'Target' }), { target: { value: 'localhost:1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('1 file could not be loaded');
    expect(alert.textContent).toContain('geo.proto');
    // The only file failed: nothing is left, and the banner does not claim the rest is available.
    expect(alert.textContent).toContain('no service is left to call');
    expect(alert.textContent).not.toContain('available');
  });

  it('says the rest of the schema is available only when services loaded', async () => {
    const client = new FakeWorkbenchClient({
      loadSchema: async () => ({
        schemaId: 'schema-1',
        services: fakeServices,
        fileCount: 2,
        problems: [{ file: 'orders.proto', message: 'syntax error' }],
      }),
    });
    renderWorkbench(client);
    fireEvent.change(screen.getByRole('textbox', { name: 'Target' }), { target: { value: 'localhost:1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(
      /1 file could not be loaded; the rest of the schema \(\d+ services?\) is available/,
    );
  });

  it('cancels a server stream', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('ListUsers');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(workbench.client.paramsOf('cancelCall')).toEqual([{ callId: 'call-1' }]));
    expect(screen.queryByRole('button', { name: 'End stream' })).toBeNull();
  });

  it('counts a long stream but keeps only the last window of messages', async () => {
    const workbench = renderWorkbench(new FakeWorkbenchClient(), { messageWindow: 1000 });
    await connect(workbench);
    await pick('ListUsers');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    act(() => {
      for (let batch = 0; batch < 25; batch++)
        workbench.client.emit({ type: 'call-messages', callId: 'call-1', messages: messages(batch * 100, 100) });
    });
    workbench.runFrame();
    expect(screen.getByTestId('received-count').textContent).toBe('2,500 received, showing the last 1,000');
    expect(workbench.store.getState().call?.messages[0]?.index).toBe(1500);
  });

  it('shows undecodable messages as bytes with the decode error', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('ListUsers');
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText('Call open…');
    emit(workbench, {
      type: 'call-messages',
      callId: 'call-1',
      messages: [
        { index: 0, bytesBase64: 'CgJ1MQ==', decodeError: 'invalid wire type 7', sizeBytes: 6, receivedMs: 1 },
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Expand message 0' }));
    expect(screen.getByText('Could not decode: invalid wire type 7')).toBeTruthy();
    expect(screen.getByText('CgJ1MQ==')).toBeTruthy();
  });

  it('shows a schema error with its file position and hint instead of crashing', async () => {
    const client = new FakeWorkbenchClient({
      loadSchema: () =>
        Promise.reject(
          Object.assign(new Error('user.proto:12:3: "Usr" is not defined.'), {
            kind: 'schema',
            hint: 'Add the directory that holds the import with an import path.',
            subject: 'user.proto',
          }),
        ),
    });
    renderWorkbench(client);
    fireEvent.change(screen.getByRole('textbox', { name: 'Target' }), { target: { value: 'localhost:1' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Schema source' }), { target: { value: 'protoFiles' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Proto files' }), { target: { value: 'user.proto' } });
    fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('user.proto:12:3: "Usr" is not defined.');
    expect(alert.textContent).toContain('Add the directory that holds the import');
    expect((screen.getByRole('button', { name: 'Connect' }) as HTMLButtonElement).disabled).toBe(false);
    expect(client.paramsOf('loadSchema')[0]).toEqual({
      sources: [{ kind: 'protoFiles', files: ['user.proto'], importPaths: [] }],
      schemaId: expect.any(String),
    });
  });

  it('shows a TLS failure of a call with its reason and hint', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    workbench.client.handlers.startCall = () =>
      Promise.reject({
        kind: 'tls',
        message: 'localhost:1: certificate signed by unknown authority',
        hint: 'Pass the CA file.',
      });
    fireEvent.click(screen.getByRole('button', { name: 'Send' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('TLS handshake failed');
    expect(alert.textContent).toContain('unknown authority');
    expect(alert.textContent).toContain('Pass the CA file.');
  });

  it('validates metadata keys next to the row', async () => {
    await connect(renderWorkbench());
    await pick('GetUser');
    fireEvent.change(screen.getByRole('textbox', { name: 'Metadata key 1' }), { target: { value: 'x-trace-bin' } });
    fireEvent.change(screen.getByRole('textbox', { name: 'Metadata value 1' }), { target: { value: 'not base64!' } });
    expect(screen.getByText(/value of binary metadata "x-trace-bin" is not valid base64/)).toBeTruthy();
  });

  it('moves through the service tree with the arrow keys', async () => {
    await connect(renderWorkbench());
    fireEvent.keyDown(screen.getByRole('button', { name: /^GetUser/ }), { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^ListUsers/));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowUp' });
    await waitFor(() => expect(document.activeElement?.textContent).toMatch(/^GetUser/));
  });

  it('toggles between light and dark themes', () => {
    renderWorkbench(new FakeWorkbenchClient(), { initialTheme: 'light' });
    expect(document.documentElement.dataset.theme).toBe('light');
    fireEvent.click(screen.getByRole('button', { name: 'Dark theme' }));
    expect(document.documentElement.dataset.theme).toBe('dark');
  });

  it('opens the load-balancing tab with the lens for the current connection', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    fireEvent.click(screen.getByRole('tab', { name: 'Load balancing' }));
    const panel = screen.getByRole('tabpanel');
    // The lens (H8's) is lazy: once loaded it shows the connection it was handed.
    await waitFor(() => expect(panel.textContent).toContain('localhost:50051'));
  });

  it('asks the host about itself and describes the method once, however many views show them', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.click(screen.getByRole('tab', { name: 'Load balancing' }));
    await waitFor(() => expect(screen.getByLabelText(/Request JSON/)).toBeTruthy());
    expect(workbench.client.paramsOf('hostInfo')).toHaveLength(1);
    expect(workbench.client.paramsOf('describeMethod')).toHaveLength(1);
    // The badge's channel and the burst's (pick_first named) are two pool entries, one watch each.
    const watched = workbench.client.paramsOf('watchChannel').map((params) => JSON.stringify(params.connection));
    expect(new Set(watched).size).toBe(watched.length);
  });

  it('bursts the request the editor holds, and switching method keeps each method’s body', async () => {
    const workbench = renderWorkbench();
    await connect(workbench);
    await pick('GetUser');
    fireEvent.change(screen.getByRole('textbox', { name: 'Request message' }), { target: { value: '{"id":"u9"}' } });
    await pick('ListUsers');
    await pick('GetUser');
    fireEvent.click(screen.getByRole('tab', { name: 'Load balancing' }));
    await waitFor(() => expect(screen.getByLabelText(/Request JSON/)).toHaveProperty('value', '{"id":"u9"}'));
    fireEvent.click(screen.getByRole('button', { name: 'Run burst' }));
    await waitFor(() => expect(workbench.client.paramsOf('startBurst')).toHaveLength(1));
    expect(workbench.client.paramsOf('startBurst')[0]).toMatchObject({
      method: 'user.v1.UserService/GetUser',
      requestJson: '{"id":"u9"}',
    });
    // Editing it in the lens edits the one request: the editor shows the change.
    fireEvent.change(screen.getByLabelText(/Request JSON/), { target: { value: '{"id":"u10"}' } });
    expect(workbench.store.getState().draft.message).toBe('{"id":"u10"}');
  });
});
