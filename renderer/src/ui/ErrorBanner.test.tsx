import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { renderWorkbench } from '../testing/render-workbench';

afterEach(cleanup);

describe('ErrorBanner', () => {
  it('takes the user to the field an error names, unfolding Connection settings', async () => {
    const client = new FakeWorkbenchClient();
    client.handlers.loadSchema = async () => {
      throw new WorkbenchError('bad_input', 'The reflection answer is larger than the receive limit.', {
        setting: 'maxReceiveMessageBytes',
        hint: 'Raise maxReceiveMessageBytes.',
      });
    };
    const { store } = renderWorkbench(client, { initialTarget: 'localhost:50051' });
    await act(() => store.getState().connect());
    const settings = document.querySelector<HTMLDetailsElement>('details.connection-settings')!;
    expect(settings.open).toBe(false);

    fireEvent.click(await screen.findByRole('button', { name: 'Go to Max receive size' }));
    expect(settings.open).toBe(true);
    expect(document.activeElement).toBe(screen.getByRole('textbox', { name: 'Max receive size' }));
  });

  it('offers no way to a setting that has no field on this screen', async () => {
    const client = new FakeWorkbenchClient();
    client.handlers.loadSchema = async () => {
      throw new WorkbenchError('bad_input', 'No such CA file.', { setting: 'caFile' });
    };
    const { store } = renderWorkbench(client, { initialTarget: 'localhost:50051' });
    await act(() => store.getState().connect());
    expect(await screen.findByText('No such CA file.')).toBeTruthy();
    // Plaintext is chosen, so the TLS fields are not on screen.
    expect(screen.queryByRole('button', { name: /^Go to/ })).toBeNull();
  });
});
