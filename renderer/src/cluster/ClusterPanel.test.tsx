import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ForwardSnapshot, SavedForward, ServiceList } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { ClusterPanel } from './ClusterPanel';
import { K8sServiceCheck } from './K8sServiceCheck';

afterEach(cleanup);

const startedAt = new Date(Date.now() - 5 * 60_000).toISOString();
const pods = ['user-7d4b-a1', 'user-7d4b-b2', 'user-7d4b-c3'].map((name, i) => ({
  name,
  node: `lab-node-${i + 1}`,
  ip: `127.0.0.${i + 1}`,
  restarts: i,
  startedAt,
  ready: i !== 2,
}));
const services: ServiceList = {
  context: 'lab',
  namespace: 'lab',
  services: [
    {
      name: 'user-svc',
      headless: false,
      clusterIP: '10.96.0.10',
      ports: [{ name: 'grpc', port: 50051 }],
      pods,
    },
    { name: 'user-headless', headless: true, ports: [{ name: 'grpc', port: 50051 }], pods },
  ],
  pods,
};

function snapshot(id: string, change: Partial<ForwardSnapshot> = {}): ForwardSnapshot {
  return {
    id,
    mode: 'per-pod',
    context: 'lab',
    namespace: 'lab',
    target: 'svc/user-svc',
    remotePort: 'grpc (50051) → targetPort grpc',
    state: 'ready',
    ports: pods.slice(0, 2).map((pod, i) => ({
      localAddress: `127.0.0.1:4100${i}`,
      localPort: 41000 + i,
      pod,
      remotePort: 50051,
      state: 'ready' as const,
    })),
    log: [
      { at: '2026-01-01T10:00:00.000Z', state: 'connecting' },
      { at: '2026-01-01T10:00:01.000Z', state: 'ready', pod: pods[0]!.name, localAddress: '127.0.0.1:41000' },
    ],
    ...change,
  };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

async function renderPanel(client: FakeWorkbenchClient) {
  const rendered = renderWithStore(<ClusterPanel />, client, { initialTarget: 'localhost:50051' });
  await screen.findByRole('region', { name: 'Services' });
  return rendered;
}

describe('ClusterPanel', () => {
  it('walks context → namespace → Services with their ports and pods with readiness, node, restarts and age', async () => {
    const client = new FakeWorkbenchClient({ listServices: async () => services });
    await renderPanel(client);
    expect((screen.getByLabelText('Context') as HTMLSelectElement).value).toBe('lab');
    expect((screen.getByLabelText('Namespace') as HTMLSelectElement).value).toBe('lab');
    const userSvc = screen.getByRole('listitem', { name: 'Service user-svc' });
    expect(userSvc.textContent).toContain('ClusterIP 10.96.0.10');
    expect(userSvc.textContent).toContain('2/3 pods ready');
    expect(userSvc.textContent).toContain('grpc (50051)');
    expect(screen.getByRole('listitem', { name: 'Service user-headless' }).textContent).toContain('headless');
    const rows = within(screen.getByRole('region', { name: 'Pods' })).getAllByRole('row');
    expect(rows.map((row) => row.textContent)).toEqual([
      'PodReadyNodeRestartsAge',
      'user-7d4b-a1Readylab-node-10' + '5m',
      'user-7d4b-b2Readylab-node-21' + '5m',
      'user-7d4b-c3Not readylab-node-32' + '5m',
    ]);

    fireEvent.change(screen.getByLabelText('Namespace'), { target: { value: 'default' } });
    await waitFor(() =>
      expect(client.paramsOf('listServices').at(-1)).toEqual({ context: 'lab', namespace: 'default' }),
    );
  });

  it('starts a per-pod forward and shows it connecting, then live: pods, local addresses, state and log; Stop ends it', async () => {
    const answer = deferred<ForwardSnapshot>();
    const client = new FakeWorkbenchClient({ listServices: async () => services, openForward: () => answer.promise });
    const { store } = await renderPanel(client);
    fireEvent.click(screen.getByRole('button', { name: 'Forward user-svc grpc (50051) per pod' }));
    const card = await screen.findByRole('listitem', { name: 'Forward svc/user-svc:grpc per-pod' });
    expect(within(card).getByRole('status').textContent).toBe('connecting');
    const [params] = client.paramsOf('openForward');
    expect(params).toMatchObject({
      context: 'lab',
      namespace: 'lab',
      target: { kind: 'service', name: 'user-svc' },
      remotePort: 'grpc',
      mode: 'per-pod',
    });
    const forwardId = params!.forwardId;

    await act(async () => answer.resolve(snapshot(forwardId)));
    expect(within(card).getByRole('status').textContent).toBe('ready');
    expect(within(card).getByRole('list', { name: 'Local addresses' }).textContent).toContain(
      '127.0.0.1:41000 → user-7d4b-a1 on lab-node-1',
    );
    expect(card.textContent).toContain('State log (2)');

    // A forward-state event moves it on, with its reason.
    const reconnecting = snapshot(forwardId, {
      state: 'reconnecting',
      reason: 'pod user-7d4b-a1 was deleted; moving to pod user-7d4b-d4',
      log: [...snapshot(forwardId).log, { at: '2026-01-01T10:00:05.000Z', state: 'reconnecting' }],
    });
    act(() =>
      client.emit({ type: 'forward-state', forwardId, change: reconnecting.log.at(-1)!, snapshot: reconnecting }),
    );
    expect(within(card).getByRole('status').textContent).toBe('reconnecting');
    expect(card.textContent).toContain('pod user-7d4b-a1 was deleted; moving to pod user-7d4b-d4');
    expect(card.textContent).toContain('State log (3)');

    // Use as target: the per-pod forward's k8s:// target; one pod's local address.
    fireEvent.click(within(card).getByRole('button', { name: 'Use as target' }));
    expect(store.getState().draft.target).toBe('k8s://lab/lab/user-svc:grpc');
    fireEvent.click(within(card).getByRole('button', { name: 'Use 127.0.0.1:41001 as target' }));
    expect(store.getState().draft.target).toBe('127.0.0.1:41001');

    fireEvent.click(within(card).getByRole('button', { name: 'Stop' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Forwards' })).toBeNull());
    expect(client.paramsOf('closeForward')).toEqual([{ forwardId }]);
  });

  it('uses a single forward’s local address, and a Service port’s k8s:// target, as the request target', async () => {
    const client = new FakeWorkbenchClient({
      listServices: async () => services,
      openForward: async ({ forwardId }) =>
        snapshot(forwardId, { mode: 'single', ports: snapshot(forwardId).ports.slice(0, 1) }),
    });
    const { store } = await renderPanel(client);
    fireEvent.click(screen.getByRole('button', { name: 'Use user-headless grpc (50051) as target' }));
    expect(store.getState().draft.target).toBe('k8s://lab/lab/user-headless:grpc');
    fireEvent.click(screen.getByRole('button', { name: 'Forward user-svc grpc (50051)' }));
    const card = await screen.findByRole('listitem', { name: 'Forward svc/user-svc:grpc single' });
    await waitFor(() => expect(within(card).getByRole('status').textContent).toBe('ready'));
    fireEvent.click(within(card).getByRole('button', { name: 'Use as target' }));
    expect(store.getState().draft.target).toBe('127.0.0.1:41000');
  });

  it('shows why a forward could not open, with the host’s hint, until dismissed', async () => {
    const client = new FakeWorkbenchClient({
      listServices: async () => services,
      openForward: async () => {
        throw new WorkbenchError(
          'connection',
          'Forbidden: the user of context lab may not create pods/portforward in namespace lab',
          { hint: 'Ask for an RBAC Role granting "create" on "pods/portforward".', setting: 'kubeContext' },
        );
      },
    });
    await renderPanel(client);
    fireEvent.click(screen.getByRole('button', { name: 'Forward user-svc grpc (50051)' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('may not create pods/portforward');
    // The host names the setting by id; the banner by its label here.
    expect(alert.textContent).toContain('Ask for an RBAC Role granting "create" on "pods/portforward" (“Context”).');
    expect(screen.queryByRole('region', { name: 'Forwards' })).toBeNull();
    // The Services stay on screen: the failure is the forward's, not the list's.
    expect(screen.getByRole('region', { name: 'Services' })).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says why the cluster cannot be listed (no kubeconfig), with the hint', async () => {
    const client = new FakeWorkbenchClient({
      listKubeContexts: async () => {
        throw new WorkbenchError('io', 'no kubeconfig: /home/u/.kube/config does not exist', {
          hint: 'Set $KUBECONFIG, as kubectl reads it, or name a kubeconfig file.',
          setting: 'kubeconfig',
        });
      },
    });
    renderWithStore(<ClusterPanel />, client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('no kubeconfig');
    expect(alert.textContent).toContain('Set $KUBECONFIG');
  });

  it('offers the saved forwards of the context to reopen or forget', async () => {
    const saved: SavedForward = {
      savedId: 'lab|lab|svc/user-svc|grpc|per-pod',
      context: 'lab',
      namespace: 'lab',
      target: { kind: 'service', name: 'user-svc' },
      remotePort: 'grpc',
      mode: 'per-pod',
      savedAt: '2026-01-01T09:00:00.000Z',
    };
    let kept = [saved];
    const client = new FakeWorkbenchClient({
      listServices: async () => services,
      listSavedForwards: async () => ({ forwards: kept, kept: true }),
      forgetSavedForward: async () => {
        kept = [];
      },
    });
    await renderPanel(client);
    const row = await screen.findByRole('listitem', { name: 'Saved forward svc/user-svc:grpc per-pod' });
    expect(client.paramsOf('listSavedForwards')[0]).toEqual({ context: 'lab' });
    fireEvent.click(within(row).getByRole('button', { name: 'Reopen' }));
    await screen.findByRole('listitem', { name: 'Forward svc/user-svc:grpc per-pod' });
    expect(client.paramsOf('openForward')[0]).toMatchObject({
      context: 'lab',
      namespace: 'lab',
      target: { kind: 'service', name: 'user-svc' },
      remotePort: 'grpc',
      mode: 'per-pod',
    });
    // Open now, so it is no longer offered as a saved one.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Saved forwards' })).toBeNull());

    fireEvent.click(screen.getByRole('button', { name: 'Stop' }));
    const again = await screen.findByRole('listitem', { name: 'Saved forward svc/user-svc:grpc per-pod' });
    fireEvent.click(within(again).getByRole('button', { name: 'Forget' }));
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Saved forwards' })).toBeNull());
    expect(client.paramsOf('forgetSavedForward')).toEqual([{ savedId: saved.savedId }]);
  });

  it('checks a Service and shows its findings with the fix', async () => {
    const client = new FakeWorkbenchClient({
      listServices: async () => services,
      checkService: async ({ service, namespace }) => ({
        service,
        namespace: namespace ?? 'lab',
        ok: false,
        findings: [
          {
            id: 'pinned-l4',
            severity: 'warning',
            port: 'grpc',
            text: 'A ClusterIP Service balances connections, and a gRPC client keeps one.',
            fix: 'Use a headless Service with round_robin.',
          },
        ],
      }),
    });
    await renderPanel(client);
    const userSvc = screen.getByRole('listitem', { name: 'Service user-svc' });
    fireEvent.click(within(userSvc).getByRole('button', { name: 'Check Service' }));
    const check = await within(userSvc).findByRole('region', { name: 'Service check of user-svc' });
    await waitFor(() => expect(check.textContent).toContain('this will affect gRPC traffic'));
    expect(check.textContent).toContain('Fix: Use a headless Service with round_robin.');
    expect(client.paramsOf('checkService')).toEqual([
      { context: 'lab', namespace: 'lab', service: 'user-svc', port: 'grpc' },
    ]);
  });
});

describe('K8sServiceCheck (beside the hit map)', () => {
  it('shows the verdicts of a k8s:// target, once per target, and nothing for another target', async () => {
    const client = new FakeWorkbenchClient({
      checkService: async ({ service, namespace }) => ({
        service,
        namespace: namespace ?? 'lab',
        ok: true,
        findings: [{ id: 'headless-ok', severity: 'info', port: 'grpc', text: 'Headless: every pod is an address.' }],
      }),
    });
    renderWithStore(<K8sServiceCheck target="k8s://lab/user-headless:grpc" />, client);
    const check = await screen.findByRole('region', { name: 'Service check' });
    await waitFor(() => expect(check.textContent).toContain('nothing wrong for gRPC traffic'));
    expect(check.textContent).toContain('Headless: every pod is an address.');
    expect(client.paramsOf('checkService')).toEqual([{ namespace: 'lab', service: 'user-headless', port: 'grpc' }]);
    cleanup();
    const plain = new FakeWorkbenchClient();
    const { container } = renderWithStore(<K8sServiceCheck target="127.0.0.1:50051" />, plain);
    expect(container.textContent).toBe('');
    expect(plain.paramsOf('checkService')).toEqual([]);
  });

  it('shows why the check failed, with the hint', async () => {
    const client = new FakeWorkbenchClient({
      checkService: async () => {
        throw new WorkbenchError('not_found', 'Service nope not found in namespace lab of context lab', {
          hint: 'List what exists (kubectl get services -n lab --context lab), or pick another namespace.',
          setting: 'namespace',
        });
      },
    });
    renderWithStore(<K8sServiceCheck target="k8s://lab/nope:grpc" />, client);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('Service nope not found');
    expect(alert.textContent).toContain('pick another namespace');
  });
});
