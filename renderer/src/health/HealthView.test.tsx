import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { CallStatus, ForwardSnapshot, HealthListResult } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { HealthView } from './HealthView';

afterEach(cleanup);

const ok: CallStatus = { code: 0, name: 'OK', message: '', details: [] };
const unimplemented: CallStatus = { code: 12, name: 'UNIMPLEMENTED', message: 'Method not found', details: [] };

async function renderConnected(client: FakeWorkbenchClient) {
  const rendered = renderWithStore(<HealthView />, client, { initialTarget: 'localhost:50051' });
  await act(() => rendered.store.getState().connect());
  return rendered;
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      within(row)
        .getAllByRole('cell')
        .slice(0, 2)
        .map((cell) => cell.textContent),
    );

describe('HealthView', () => {
  it('lists every service the server reports (List) and watches one live, with its transitions', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = await renderConnected(client);
    const table = await screen.findByRole('table', { name: 'Service health' });
    expect(rowTexts(table)).toEqual([
      ['(whole server)', 'SERVING'],
      ['user.v1.UserService', 'SERVING'],
    ]);
    expect(screen.getByText(/listed its services \(grpc.health.v1 List\)/)).toBeTruthy();
    // The schema's services go along, for a server without List.
    expect(client.paramsOf('listHealth')[0]).toMatchObject({
      connection: { target: 'localhost:50051' },
      services: ['user.v1.UserService', 'grpc.health.v1.Health'],
    });

    fireEvent.click(screen.getByRole('button', { name: 'Watch user.v1.UserService' }));
    await waitFor(() => expect(client.paramsOf('watchHealth')).toHaveLength(1));
    const { callId } = client.paramsOf('watchHealth')[0]!;
    expect(client.paramsOf('watchHealth')[0]).toMatchObject({ service: 'user.v1.UserService' });
    act(() => {
      client.emit({ type: 'health-status', callId, servingStatus: 'SERVING' });
      client.emit({ type: 'health-status', callId, servingStatus: 'NOT_SERVING' });
    });
    const watch = screen.getByRole('listitem', { name: 'Watch of user.v1.UserService' });
    const transitions = within(watch).getByRole('list', { name: 'Transitions' });
    expect(
      within(transitions)
        .getAllByRole('listitem')
        .map((item) => item.textContent?.slice(item.querySelector('time')?.textContent?.length ?? 0).trim()),
    ).toEqual(['SERVING', 'SERVING → NOT_SERVING']);
    expect(within(watch).getByText('NOT_SERVING', { selector: '.badge' })).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Watch user.v1.UserService' }) as HTMLButtonElement).disabled).toBe(
      true,
    );

    fireEvent.click(within(watch).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(client.paramsOf('cancelCall')).toEqual([{ callId }]));
    act(() => client.emit({ type: 'health-end', callId, status: { ...ok, code: 1, name: 'CANCELLED' } }));
    expect(watch.textContent).toContain('ended: CANCELLED');
    // The transitions stay after it ended.
    expect(within(transitions).getAllByRole('listitem')).toHaveLength(2);
    expect(store.getState().health.watches['user.v1.UserService']?.end?.name).toBe('CANCELLED');
  });

  it('sends the request’s metadata with List and Watch (a server may want auth on every call)', async () => {
    const client = new FakeWorkbenchClient();
    const rendered = renderWithStore(<HealthView />, client, { initialTarget: 'localhost:50051' });
    act(() =>
      rendered.store.getState().loadDraft({ ...rendered.store.getState().draft, metadata: { 'x-api-key': 'k1' } }),
    );
    await act(() => rendered.store.getState().connect());
    await screen.findByRole('table', { name: 'Service health' });
    expect(client.paramsOf('listHealth')[0]).toMatchObject({ metadata: [{ key: 'x-api-key', value: 'k1' }] });
    fireEvent.click(screen.getByRole('button', { name: 'Watch user.v1.UserService' }));
    await waitFor(() => expect(client.paramsOf('watchHealth')).toHaveLength(1));
    expect(client.paramsOf('watchHealth')[0]).toMatchObject({ metadata: [{ key: 'x-api-key', value: 'k1' }] });
  });

  it('shows the Check fallback plainly: NOT_SERVING, unknown services, and a server with no health service', async () => {
    const fallback: HealthListResult = {
      method: 'check',
      listStatus: unimplemented,
      services: [
        { service: '', servingStatus: 'NOT_SERVING', status: ok },
        { service: 'user.v1.UserService', status: { code: 5, name: 'NOT_FOUND', message: 'unknown', details: [] } },
      ],
    };
    const client = new FakeWorkbenchClient({ listHealth: async () => fallback });
    await renderConnected(client);
    const table = await screen.findByRole('table', { name: 'Service health' });
    expect(screen.getByText(/has no List \(UNIMPLEMENTED\), so each service of the schema was asked/)).toBeTruthy();
    expect(rowTexts(table)).toEqual([
      ['(whole server)', 'NOT_SERVING'],
      ['user.v1.UserService', 'SERVICE_UNKNOWN (NOT_FOUND: not known to the server)'],
    ]);
    cleanup();

    const none = new FakeWorkbenchClient({
      listHealth: async () => ({
        method: 'check',
        listStatus: unimplemented,
        services: [
          { service: '', status: unimplemented },
          { service: 'user.v1.UserService', status: unimplemented },
        ],
      }),
    });
    await renderConnected(none);
    expect((await screen.findByRole('status')).textContent).toContain(
      'UNIMPLEMENTED: this server has no health service',
    );
  });

  it('says why List failed (the connection), with the hint', async () => {
    const client = new FakeWorkbenchClient({
      listHealth: async () => ({
        method: 'list',
        listStatus: {
          code: 14,
          name: 'UNAVAILABLE',
          message: 'connect ECONNREFUSED',
          details: [],
          error: { kind: 'refused', message: 'Nothing listens at localhost:50051', hint: 'Is the server running?' },
        },
        services: [],
      }),
    });
    await renderConnected(client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Nothing listens at localhost:50051');
    expect(alert.textContent).toContain('Is the server running?');
  });

  it('checks every pod of a per-pod forward through its own local address', async () => {
    const client = new FakeWorkbenchClient({
      healthCheck: async ({ connection }) =>
        connection.target === '127.0.0.1:41001'
          ? { status: ok, servingStatus: 'NOT_SERVING' }
          : { status: ok, servingStatus: 'SERVING' },
    });
    const { store } = renderWithStore(<HealthView />, client, { initialTarget: 'localhost:50051' });
    const forward: ForwardSnapshot = {
      id: 'fwd-1',
      mode: 'per-pod',
      context: 'lab',
      namespace: 'lab',
      target: 'svc/user-svc',
      remotePort: 'grpc',
      state: 'ready',
      ports: ['user-a', 'user-b'].map((name, i) => ({
        localAddress: `127.0.0.1:4100${i}`,
        localPort: 41000 + i,
        pod: { name, restarts: 0, ready: true },
        state: 'ready' as const,
      })),
      log: [],
    };
    act(() =>
      store.setState({
        cluster: {
          ...store.getState().cluster,
          forwards: { [forward.id]: forward },
          forwardSpecs: {
            [forward.id]: { target: { kind: 'service', name: 'user-svc' }, remotePort: 'grpc', mode: 'per-pod' },
          },
        },
      }),
    );
    await act(() => store.getState().connect());
    const perPod = await screen.findByRole('region', { name: 'Health per pod' });
    await waitFor(() =>
      expect(
        within(perPod)
          .getAllByRole('row')
          .slice(1)
          .map((row) => row.textContent),
      ).toEqual(['user-a127.0.0.1:41000SERVING', 'user-b127.0.0.1:41001NOT_SERVING']),
    );
    expect(
      client
        .paramsOf('healthCheck')
        .map((params) => params.connection.target)
        .sort(),
    ).toEqual(['127.0.0.1:41000', '127.0.0.1:41001']);
  });

  it('asks for a connection first', () => {
    renderWithStore(<HealthView />, new FakeWorkbenchClient());
    expect(screen.getByText('Connect to a target to see its health.')).toBeTruthy();
  });
});
