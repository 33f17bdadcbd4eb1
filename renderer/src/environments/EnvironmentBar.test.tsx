import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import type { GrpcRequest } from '../../../shared/collections/request';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { labLikeTree } from '../testing/lab-like-collection';
import { renderWithStore } from '../testing/render-workbench';
import { EnvironmentBar } from './EnvironmentBar';

afterEach(cleanup);

const saved: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"{{userId}}"}',
};

async function renderBar() {
  const client = new FakeWorkbenchClient({
    openCollection: async () => labLikeTree,
    secretStatus: async () => ({
      secrets: [{ name: 'apiKey', source: 'store', environmentVariable: 'WORKBENCH_SECRET_APIKEY' }],
    }),
  });
  const rendered = renderWithStore(<EnvironmentBar />, client);
  await rendered.store.getState().openCollection(labLikeTree.root);
  rendered.store.getState().openRequestTab(saved, {
    origin: { root: labLikeTree.root, path: 'users/get-user.grpc.yaml', saved },
  });
  await waitFor(() => expect(client.paramsOf('secretStatus').length).toBeGreaterThan(0));
  return { ...rendered, client, user: userEvent.setup() };
}

describe('EnvironmentBar', () => {
  it('chooses an environment and shows each variable’s use, source and value, secrets masked', async () => {
    const { store, user } = await renderBar();
    await user.selectOptions(await screen.findByLabelText('Environment'), 'local');
    expect(store.getState().openCollections[0]?.environment).toBe('local');

    await user.click(screen.getByRole('button', { name: 'Variables' }));
    const table = within(screen.getByRole('dialog', { name: 'Variables' }));
    const target = table.getByRole('row', { name: /\{\{target\}\}/ });
    expect(target.textContent).toContain('Target (collection defaults)');
    expect(target.textContent).toContain('127.0.0.1:50051');
    const secret = table.getByRole('row', { name: /\{\{secret\.apiKey\}\}/ });
    expect(within(secret).getByLabelText('masked').textContent).toBe('•••');
    expect(secret.textContent).toContain('secret, in the host’s secret store');
    expect(table.getByRole('row', { name: /\{\{region\}\}/ }).textContent).toContain('folder users defaults');
  });

  it('sets a secret in the host store without ever showing it, and deletes it', async () => {
    const { client, user } = await renderBar();
    await user.click(screen.getByRole('button', { name: 'Variables' }));
    await user.type(screen.getByLabelText('Value of secret apiKey'), 'n3w-s3cret');
    await user.click(screen.getByRole('button', { name: 'Set secret' }));
    expect(client.paramsOf('setSecret')).toEqual([{ root: labLikeTree.root, name: 'apiKey', value: 'n3w-s3cret' }]);
    await waitFor(() => expect(screen.getByLabelText('Value of secret apiKey')).toHaveProperty('value', ''));
    expect(document.body.textContent).not.toContain('n3w-s3cret');
    await user.click(screen.getByRole('button', { name: 'Delete' }));
    expect(client.paramsOf('deleteSecret')).toEqual([{ root: labLikeTree.root, name: 'apiKey' }]);
  });

  it('edits the chosen environment’s variables into its file, refusing a repeated name', async () => {
    const { client, user } = await renderBar();
    await user.selectOptions(await screen.findByLabelText('Environment'), 'local');
    await user.click(screen.getByRole('button', { name: 'Edit environment' }));
    const dialog = within(screen.getByRole('dialog', { name: 'Environment local' }));
    const value = dialog.getByLabelText('Variable 1 value');
    await user.clear(value);
    await user.type(value, '127.0.0.2:50062');
    await user.type(dialog.getByLabelText('Variable 4 name'), 'userId');
    expect(dialog.getByRole('status').textContent).toBe('"userId" is defined twice.');
    expect(dialog.getByRole('button', { name: 'Save environment' })).toHaveProperty('disabled', true);
    await user.click(dialog.getByRole('button', { name: 'Remove variable 4' }));
    await user.click(dialog.getByRole('button', { name: 'Save environment' }));
    expect(client.paramsOf('writeCollectionEntry')).toEqual([
      {
        root: labLikeTree.root,
        path: 'environments/local.yaml',
        model: {
          kind: 'environment',
          name: 'local',
          vars: { target: '127.0.0.2:50062', userId: 'u42', region: 'eu' },
          secrets: ['apiKey'],
        },
      },
    ]);
  });

  it('runs the collection with the chosen environment', async () => {
    const { client, user } = await renderBar();
    await user.selectOptions(await screen.findByLabelText('Environment'), 'local');
    await user.click(screen.getByRole('button', { name: 'Run collection' }));
    expect(client.paramsOf('startRun')).toEqual([
      { runId: 'run-1', cwd: labLikeTree.root, paths: ['.'], env: 'local' },
    ]);
  });
});
