import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWithStore } from '../testing/render-workbench';
import { GrpcurlActions } from './GrpcurlActions';

afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const draft = {
  kind: 'grpc-request' as const,
  name: 'GetUser',
  method: 'user.v1.UserService/GetUser',
  target: '127.0.0.1:50051',
  message: '{}',
};
const command = "grpcurl -plaintext -d '{}' 127.0.0.1:50051 user.v1.UserService/GetUser\n";

function stubClipboard(writeText: (text: string) => Promise<void>) {
  Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText } });
}

describe('GrpcurlActions', () => {
  it('copies the command to the clipboard', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStore(<GrpcurlActions />, new FakeWorkbenchClient());
    store.getState().openRequestTab(draft);
    const written: string[] = [];
    stubClipboard(async (text) => void written.push(text));
    await user.click(screen.getByRole('button', { name: 'Copy as grpcurl' }));
    expect(written).toEqual([command]);
    expect(screen.getByRole('status').textContent).toBe('Copied.');
  });

  it('shows the command in a field when the page may not write the clipboard', async () => {
    const user = userEvent.setup();
    const { store } = renderWithStore(<GrpcurlActions />, new FakeWorkbenchClient());
    store.getState().openRequestTab(draft);
    stubClipboard(async () => {
      throw new DOMException('Write permission denied.', 'NotAllowedError');
    });
    await user.click(screen.getByRole('button', { name: 'Copy as grpcurl' }));
    expect(screen.getByRole('textbox', { name: 'grpcurl command' })).toHaveProperty('value', command);
  });

  it('pastes a command into a new tab, and names what the host could not read', async () => {
    const user = userEvent.setup();
    const client = new FakeWorkbenchClient();
    const { store } = renderWithStore(<GrpcurlActions />, client);
    await user.click(screen.getByRole('button', { name: 'Paste grpcurl' }));
    const field = screen.getByLabelText('grpcurl command to open');
    client.handlers.importGrpcurl = async () => {
      throw Object.assign(new Error('Unknown flag -plaintxt'), { kind: 'bad_input', hint: 'Did you mean -plaintext?' });
    };
    await user.type(field, 'grpcurl -plaintxt h:1 a.B/C');
    await user.click(screen.getByRole('button', { name: 'Open in a tab' }));
    expect(screen.getByRole('alert').textContent).toContain('Unknown flag -plaintxt');

    client.handlers.importGrpcurl = async () => ({ request: { ...draft, name: 'Pasted' }, text: '' });
    await user.click(screen.getByRole('button', { name: 'Open in a tab' }));
    expect(store.getState().draft).toMatchObject({ name: 'Pasted', target: '127.0.0.1:50051' });
    expect(screen.queryByRole('dialog', { name: 'Paste a grpcurl command' })).toBeNull();
  });
});
