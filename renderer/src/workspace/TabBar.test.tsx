import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { fakeCollectionTree } from '../testing/fake-collections';
import { renderWorkbench } from '../testing/render-workbench';

afterEach(cleanup);

const tabBar = () => screen.getByRole('navigation', { name: 'Open requests' });
const tabButtons = () =>
  within(tabBar())
    .getAllByRole('button')
    .filter((button) => button.classList.contains('request-tab-button'));
const activeTitle = () => within(tabBar()).getByRole('button', { current: 'page' }).textContent;
const key = (init: KeyboardEventInit) => act(() => void fireEvent.keyDown(window, init));

const saved: GrpcRequest = {
  kind: 'grpc-request',
  name: 'Get a user',
  method: 'user.v1.UserService/GetUser',
  message: '{"id":"7"}',
};

describe('TabBar', () => {
  it('opens a new tab with +, switches by click and shows the unsaved-changes dot', () => {
    const { store } = renderWorkbench();
    fireEvent.click(screen.getByRole('button', { name: 'New tab' }));
    expect(tabButtons()).toHaveLength(2);
    act(() => store.getState().setDeadlineText('2s'));
    expect(within(tabButtons()[1]!).getByRole('img', { name: 'unsaved changes' })).toBeTruthy();
    expect(within(tabButtons()[0]!).queryByRole('img', { name: 'unsaved changes' })).toBeNull();
    fireEvent.click(tabButtons()[0]!);
    expect(store.getState().activeTabId).toBe(store.getState().tabs[0]!.id);
    expect(store.getState().draft.deadline).toBeUndefined();
  });

  it('cycles with Ctrl+Tab and Ctrl+Shift+Tab and closes a clean tab with Ctrl+W', () => {
    const { store } = renderWorkbench();
    act(() => {
      store.getState().openRequestTab({ ...saved, name: 'Two' });
      store.getState().openRequestTab({ ...saved, name: 'Three' });
    });
    expect(activeTitle()).toBe('Three');
    key({ key: 'Tab', ctrlKey: true });
    expect(activeTitle()).toBe('Untitled request');
    key({ key: 'Tab', ctrlKey: true, shiftKey: true });
    expect(activeTitle()).toBe('Three');
    key({ key: 'w', ctrlKey: true });
    expect(tabButtons().map((button) => button.textContent)).toEqual(['Untitled request', 'Two']);
  });

  it('asks in a dialog before closing a tab with unsaved changes (Escape keeps it), middle click too', async () => {
    const { store } = renderWorkbench();
    act(() => void store.getState().openRequestTab(saved));
    act(() => store.getState().setDeadlineText('9s'));
    key({ key: 'w', ctrlKey: true });
    const dialog = screen.getByRole('alertdialog', { name: 'Close with unsaved changes?' });
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Keep open' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(tabButtons()).toHaveLength(2);

    fireEvent(tabButtons()[1]!.parentElement!, new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    fireEvent.click(screen.getByRole('button', { name: 'Close without saving' }));
    expect(tabButtons()).toHaveLength(1);
    expect(store.getState().draft.deadline).toBeUndefined();

    // A clean tab closes on middle click without a question.
    act(() => void store.getState().openRequestTab({ ...saved, name: 'Clean' }));
    fireEvent(tabButtons()[1]!.parentElement!, new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    expect(tabButtons()).toHaveLength(1);
    const results = await axe.run(document.body, {
      runOnly: ['wcag2a', 'wcag2aa'],
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(results.violations.map((violation) => violation.id)).toEqual([]);
  });

  it('saves a never-saved tab with Ctrl+S through the Save as dialog, showing the host’s refusal', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = renderWorkbench(client);
    await act(() => store.getState().openCollection('/work/users-api'));
    act(() => store.getState().loadDraft({ ...store.getState().draft, method: saved.method }));
    client.handlers.createCollectionEntry = async () => {
      throw new WorkbenchError('bad_input', 'users-api/new-request.grpc.yaml exists already.');
    };
    key({ key: 's', ctrlKey: true });
    const dialog = screen.getByRole('dialog', { name: 'Save request as' });
    expect((within(dialog).getByRole('combobox', { name: 'Collection' }) as HTMLSelectElement).value).toBe(
      fakeCollectionTree.root,
    );
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText('users-api/new-request.grpc.yaml exists already.')).toBeTruthy();

    client.handlers.createCollectionEntry = async ({ name }) => ({ path: `${name}.grpc.yaml` });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'File name' }), { target: { value: 'get-one' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(store.getState().tabs[0]).toMatchObject({
      title: 'get-one',
      dirty: false,
      origin: { root: fakeCollectionTree.root, path: 'get-one.grpc.yaml' },
    });
  });

  it('saves a tab with a file and closes it from the close question; a refused save keeps it open', async () => {
    const client = new FakeWorkbenchClient();
    const { store } = renderWorkbench(client);
    const origin = { root: '/c', path: 'get.grpc.yaml', saved };
    act(() => void store.getState().openRequestTab(saved, { origin }));
    act(() => store.getState().setDeadlineText('7s'));
    act(() => void store.getState().newTab());
    // The edited tab is in the background now: its close question saves it all the same.
    const edited = () => tabButtons().find((button) => button.textContent?.includes(saved.name));
    fireEvent(edited()!.parentElement!, new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    client.handlers.writeCollectionEntry = async () => {
      throw new WorkbenchError('io', 'get.grpc.yaml: permission denied.');
    };
    fireEvent.click(screen.getByRole('button', { name: 'Save and close' }));
    expect(await screen.findByText(/permission denied/)).toBeTruthy();
    expect(edited()).toBeTruthy();

    client.handlers.writeCollectionEntry = async () => undefined;
    fireEvent(edited()!.parentElement!, new MouseEvent('auxclick', { bubbles: true, button: 1 }));
    fireEvent.click(screen.getByRole('button', { name: 'Save and close' }));
    await waitFor(() => expect(edited()).toBeUndefined());
    expect(client.paramsOf('writeCollectionEntry').at(-1)).toMatchObject({
      root: '/c',
      path: 'get.grpc.yaml',
      model: { deadline: '7s' },
    });
  });

  it('shows both sides of a change on disk under unsaved changes and takes the disk’s version on request', async () => {
    const client = new FakeWorkbenchClient();
    const theirs = { ...saved, message: '{"id":"theirs"}' };
    client.handlers.readCollectionEntry = async ({ path }) => ({ path, text: 'kind: grpc-request', model: theirs });
    const { store } = renderWorkbench(client);
    act(() => void store.getState().openRequestTab(saved, { origin: { root: '/c', path: 'get.grpc.yaml', saved } }));
    act(() => store.getState().setDeadlineText('5s'));
    const watchId = client.paramsOf('watchCollection')[0]!.watchId;
    act(() =>
      client.emit({
        type: 'collection-changed',
        watchId,
        changes: [{ type: 'changed', path: 'get.grpc.yaml', directory: false }],
      }),
    );
    const banner = await screen.findByRole('alert', { name: '' });
    const diff = await within(banner).findByLabelText('Differences between the file on disk and your draft');
    expect(diff.textContent).toContain('− message: \'{"id":"theirs"}\'');
    expect(diff.textContent).toContain('+ deadline: 5s');
    fireEvent.click(within(banner).getByRole('button', { name: 'Take theirs' }));
    expect(store.getState().draft).toEqual(theirs);
    expect(screen.queryByText(/changed on disk/)).toBeNull();
  });
});
