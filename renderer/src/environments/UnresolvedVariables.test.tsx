import { act, cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { labLikeTree } from '../testing/lab-like-collection';
import { renderWorkbench } from '../testing/render-workbench';
import { methodNamed } from '../testing/test-store';

afterEach(cleanup);

const saved: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"{{userId}}"}',
};

describe('unresolved variables before sending', () => {
  it('flags the fields that hold one and lists them by the editor, until the environment defines them', async () => {
    const { store } = renderWorkbench(new FakeWorkbenchClient({ openCollection: async () => labLikeTree }));
    await act(async () => {
      await store.getState().openCollection(labLikeTree.root, 'empty');
      store
        .getState()
        .openRequestTab(saved, { origin: { root: labLikeTree.root, path: 'users/get-user.grpc.yaml', saved } });
      // Connected earlier (Connect itself refuses the unresolved target): the method is known.
      const method = methodNamed('GetUser');
      store.setState({
        schema: { status: 'loaded', value: { schemaId: 's', services: [], fileCount: 0, problems: [] } },
        methodIndex: new Map([[method.path, method]]),
      });
    });
    const target = screen.getByLabelText('Target');
    expect(target.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Unresolved: {{target}}')).toBeTruthy();
    const notice = within(screen.getByRole('status', { name: 'Unresolved variables' }));
    expect(notice.getAllByRole('listitem').map((item) => item.textContent)).toEqual([
      'Target: {{target}} (not defined)',
      'Metadata x-team: {{region}} (not defined)',
      'Request message: {{userId}} (not defined)',
    ]);

    act(() => store.getState().chooseEnvironment(labLikeTree.root, 'local'));
    expect(screen.queryByRole('status', { name: 'Unresolved variables' })).toBeNull();
    expect(screen.getByLabelText('Target').getAttribute('aria-invalid')).toBeNull();
  });
});
