import { describe, expect, it } from 'vitest';
import { connectedStore } from '../testing/test-store';

describe('tabs slice', () => {
  it('opens a saved request in the editor, with its file as the tab’s origin', async () => {
    const { store } = await connectedStore();
    const request = {
      kind: 'grpc-request' as const,
      name: 'Get a user',
      method: 'user.v1.UserService/GetUser',
      message: '{"id":"7"}',
    };
    const origin = { root: '/work/users-api', path: 'get-user.grpc.yaml', saved: request };
    const id = store.getState().openRequestTab(request, { origin });
    const state = store.getState();
    expect(state.activeTabId).toBe(id);
    expect(state.tabs).toEqual([{ id, title: 'Get a user', dirty: false, origin }]);
    expect(state.draft).toEqual(request);
  });
});
