import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryListing } from '../../../shared/api';
import { fakeWorkspaceHandlers } from '../../../shared/api/testing/fake-workspace';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { labMemoryCollection, savedRequest } from '../testing/fake-collections';
import { historyEntry } from '../testing/history-fixtures';
import { renderWithStore } from '../testing/render-workbench';
import { Sidebar } from './Sidebar';
import { selectActiveTab } from '../workspace/tabs-slice';

afterEach(cleanup);

const home: DirectoryListing = {
  path: '/home/ada',
  home: '/home/ada',
  parent: '/home',
  isCollection: false,
  folders: [
    { name: 'lab', path: '/work/lab', isCollection: true },
    { name: 'notes', path: '/home/ada/notes', isCollection: false },
  ],
};

async function renderSidebar(
  collection = labMemoryCollection(),
  overrides: ConstructorParameters<typeof FakeWorkbenchClient>[0] = {},
) {
  const client = new FakeWorkbenchClient({
    ...collection.handlers,
    listDirectory: async ({ path }) =>
      path === undefined || path === home.path
        ? home
        : { path, home: home.path, parent: home.path, isCollection: false, folders: [] },
    recentCollections: async () => ({
      collections: [{ root: '/work/lab', name: 'Lab', openedAt: '2026-01-01T00:00:00.000Z' }],
    }),
    ...overrides,
  });
  const rendered = renderWithStore(<Sidebar />, client);
  return { ...rendered, client, collection };
}

async function openLab(rendered: Awaited<ReturnType<typeof renderSidebar>>) {
  await act(() => rendered.store.getState().openCollection(rendered.collection.root));
  return screen.getByRole('region', { name: 'Collection Lab' });
}

function rowButton(name: string | RegExp): HTMLElement {
  return screen.getByRole('button', { name });
}

async function menuAction(entry: string, action: string) {
  fireEvent.click(screen.getByRole('button', { name: `Actions for ${entry}` }));
  fireEvent.click(await screen.findByRole('menuitem', { name: action }));
}

describe('the sidebar: collections', () => {
  it('opens a collection from the folder picker: recent first, collections marked, a path typed too', async () => {
    const rendered = await renderSidebar();
    fireEvent.click(screen.getByRole('button', { name: 'Open collection…' }));
    const dialog = screen.getByRole('dialog', { name: 'Open a collection' });
    await within(dialog).findByText('/work/lab');
    expect(within(within(dialog).getByRole('region', { name: 'Recent collections' })).getByText('Lab')).toBeTruthy();
    const folders = within(dialog).getByRole('region', { name: 'Folders' });
    expect(within(folders).getByRole('button', { name: /lab collection/ })).toBeTruthy();
    expect(within(folders).getByRole('button', { name: /notes/ }).textContent).not.toContain('collection');

    fireEvent.click(within(folders).getByRole('button', { name: /notes/ }));
    await waitFor(() => expect(rendered.client.paramsOf('listDirectory').at(-1)).toEqual({ path: '/home/ada/notes' }));
    expect((within(dialog).getByRole('textbox', { name: 'Folder path' }) as HTMLInputElement).value).toBe(
      '/home/ada/notes',
    );
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Folder path' }), {
      target: { value: '/work/lab/users' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Open this folder' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const collection = await screen.findByRole('region', { name: 'Collection Lab' });
    expect(rendered.client.paramsOf('openCollection')[0]).toEqual({ path: '/work/lab/users' });
    expect(rendered.client.paramsOf('watchCollection')).toHaveLength(1);
    const names = within(collection)
      .getAllByRole('button', { name: /.+/ })
      .filter((button) => button.classList.contains('tree-entry-open'))
      .map((button) => button.querySelector('.tree-entry-name')?.textContent);
    expect(names).toEqual(['Users', 'List users', 'Get a user', 'broken', 'Health']);
  });

  it('closes the picker with Escape, without opening anything', async () => {
    const rendered = await renderSidebar();
    fireEvent.click(screen.getByRole('button', { name: 'Open collection…' }));
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Folder path' }), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(rendered.client.paramsOf('openCollection')).toEqual([]);
  });

  it('opens a request in a tab; a file that does not parse shows why instead', async () => {
    const rendered = await renderSidebar();
    const collection = await openLab(rendered);
    fireEvent.click(within(collection).getByRole('button', { name: /^Get a user/ }));
    expect(selectActiveTab(rendered.store.getState())?.origin).toMatchObject({ path: 'users/get-user.grpc.yaml' });
    expect(
      within(collection)
        .getByRole('button', { name: /^Get a user/ })
        .getAttribute('aria-current'),
    ).toBe('true');
    const broken = within(collection).getByRole('button', { name: /^broken/ });
    expect(broken.getAttribute('aria-describedby')).toBeTruthy();
    expect(document.getElementById(broken.getAttribute('aria-describedby')!)?.textContent).toBe(
      'users/broken.grpc.yaml:3:1: unknown field "mesage"',
    );
    fireEvent.click(broken);
    expect(selectActiveTab(rendered.store.getState())?.origin?.path).toBe('users/get-user.grpc.yaml');
    expect(within(collection).getByText('1 file problem')).toBeTruthy();
  });

  it('renames inline: Enter renames, Escape keeps the name', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    await menuAction('Health', 'Rename');
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'New name for Health' }), { key: 'Escape' });
    expect(screen.queryByRole('textbox', { name: 'New name for Health' })).toBeNull();
    fireEvent.keyDown(rowButton(/^Health/), { key: 'F2' });
    const input = screen.getByRole('textbox', { name: 'New name for Health' });
    fireEvent.change(input, { target: { value: 'Health check' } });
    fireEvent.keyDown(input, { key: 'Enter' });
    await screen.findByRole('button', { name: /^Health check/ });
    expect(rendered.client.paramsOf('renameCollectionEntry')).toEqual([
      { root: '/work/lab', path: 'health.grpc.yaml', newName: 'health-check' },
    ]);
  });

  it('deletes with a toast that undoes it', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    await menuAction('List users', 'Delete');
    const toast = await screen.findByRole('status');
    expect(toast.textContent).toContain('Deleted “List users”');
    expect(screen.queryByRole('button', { name: /^List users/ })).toBeNull();
    fireEvent.click(within(toast).getByRole('button', { name: 'Undo' }));
    await screen.findByRole('button', { name: /^List users/ });
    expect(rendered.collection.files.get('users/_folder.yaml')).toMatchObject({ order: ['list-users', 'get-user'] });
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('asks before deleting what Undo could not bring back', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    fireEvent.keyDown(rowButton(/^broken/), { key: 'Delete' });
    const confirm = screen.getByRole('alertdialog', { name: 'Delete broken' });
    expect(confirm.textContent).toContain('It cannot be undone: users/broken.grpc.yaml does not parse.');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(rendered.client.paramsOf('deleteCollectionEntry')).toEqual([]);
    fireEvent.keyDown(rowButton(/^broken/), { key: 'Delete' });
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByRole('button', { name: /^broken/ })).toBeNull());
    expect(screen.getByRole('status').textContent).toContain('cannot be undone');
    expect(within(screen.getByRole('status')).queryByRole('button', { name: 'Undo' })).toBeNull();
  });

  it('moves with the keyboard: the menu’s Move down and Alt+↑ write the folder’s order', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    await menuAction('List users', 'Move down');
    await waitFor(() =>
      expect(rendered.collection.files.get('users/_folder.yaml')).toMatchObject({
        order: ['get-user', 'list-users', 'broken'],
      }),
    );
    fireEvent.keyDown(rowButton(/^Health/), { key: 'ArrowUp', altKey: true });
    await waitFor(() =>
      expect(rendered.collection.files.get('workbench.yaml')).toMatchObject({ order: ['health', 'users'] }),
    );
  });

  it('moves to another folder with “Move to…” and by dragging onto a folder', async () => {
    const collection = labMemoryCollection();
    collection.folders.add('admin');
    const rendered = await renderSidebar(collection);
    await openLab(rendered);
    await menuAction('Health', 'Move to…');
    fireEvent.change(screen.getByRole('combobox', { name: 'Move to folder' }), { target: { value: 'admin' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move' }));
    await waitFor(() => expect(collection.files.has('admin/health.grpc.yaml')).toBe(true));

    const source = rowButton(/^Get a user/).closest('.tree-entry-row')!;
    const target = rowButton(/^admin/).closest('li')!;
    fireEvent.dragStart(source);
    fireEvent.dragOver(target, { clientY: 0 });
    fireEvent.drop(target, { clientY: 0 });
    await waitFor(() =>
      expect(rendered.client.paramsOf('moveCollectionEntry').at(-1)).toEqual({
        root: '/work/lab',
        path: 'users/get-user.grpc.yaml',
        toFolder: 'admin',
      }),
    );
  });

  it('moves to the top of the collection by dragging onto its header', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    fireEvent.dragStart(rowButton(/^Get a user/).closest('.tree-entry-row')!);
    const header = screen.getByRole('button', { name: 'Lab' }).closest('.collection-header')!;
    fireEvent.dragOver(header);
    fireEvent.drop(header);
    await screen.findByRole('button', { name: /^Get a user/ });
    await waitFor(() => expect(rendered.collection.files.has('get-user.grpc.yaml')).toBe(true));
    expect(rendered.client.paramsOf('moveCollectionEntry')).toEqual([
      { root: '/work/lab', path: 'users/get-user.grpc.yaml', toFolder: '' },
    ]);
  });

  it('reorders by dragging a request beside another of its folder', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    const source = rowButton(/^broken/).closest('.tree-entry-row')!;
    const target = rowButton(/^List users/).closest('li')!;
    // jsdom has no layout: the box is empty, so the pointer is below a request's middle — after it.
    fireEvent.dragStart(source);
    fireEvent.dragOver(target, { clientY: 1 });
    fireEvent.drop(target, { clientY: 1 });
    await waitFor(() =>
      expect(rendered.collection.files.get('users/_folder.yaml')).toMatchObject({
        order: ['list-users', 'broken', 'get-user'],
      }),
    );
  });

  it('creates a request in a folder with the method of the active tab, then opens it', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    act(() => rendered.store.getState().loadDraft(savedRequest('x', 'user.v1.UserService/Chat')));
    await menuAction('Users', 'New request…');
    const form = screen.getByRole('form', { name: 'New request' });
    expect((within(form).getByRole('combobox', { name: 'Method' }) as HTMLInputElement).value).toBe(
      'user.v1.UserService/Chat',
    );
    fireEvent.change(within(form).getByRole('textbox', { name: 'Request name' }), { target: { value: 'Chat away' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Create' }));
    await screen.findByRole('button', { name: /^Chat away/ });
    expect(rendered.client.paramsOf('createCollectionEntry')).toEqual([
      {
        root: '/work/lab',
        folder: 'users',
        name: 'chat-away',
        entry: { type: 'request', request: savedRequest('Chat away', 'user.v1.UserService/Chat') },
      },
    ]);
    expect(selectActiveTab(rendered.store.getState())?.origin?.path).toBe('users/chat-away.grpc.yaml');
  });

  it('reads the tree again when the folder changes on disk', async () => {
    const rendered = await renderSidebar();
    await openLab(rendered);
    rendered.collection.files.set('new.grpc.yaml', savedRequest('From git'));
    act(() =>
      rendered.client.emit({
        type: 'collection-changed',
        watchId: 'watch-1',
        changes: [{ type: 'added', path: 'new.grpc.yaml', directory: false }],
      }),
    );
    await screen.findByRole('button', { name: /^From git/ }, { timeout: 2000 });
  });

  it('has no serious accessibility violation with a collection and the history open', async () => {
    const rendered = await renderSidebar(labMemoryCollection(), fakeWorkspaceHandlers({ history: [historyEntry(1)] }));
    await openLab(rendered);
    await within(screen.getByRole('list', { name: 'Past calls' })).findByRole('button', { name: /GetUser/ });
    fireEvent.click(screen.getByRole('button', { name: 'Actions for Users' }));
    const results = await axe.run(rendered.container, {
      runOnly: ['wcag2a', 'wcag2aa'],
      rules: { 'color-contrast': { enabled: false } },
    });
    expect(
      results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical'),
    ).toEqual([]);
  });
});

describe('the sidebar: history', () => {
  function withHistory() {
    const entries = [
      historyEntry(1),
      historyEntry(2, {
        status: { code: 14, name: 'UNAVAILABLE', message: 'connect ECONNREFUSED' },
        request: { kind: 'grpc-request', name: '', method: 'user.v1.UserService/ListUsers', target: '127.0.0.1:1' },
      }),
    ];
    return fakeWorkspaceHandlers({ history: entries });
  }

  it('lists calls newest first with method, status, target; filters by status', async () => {
    const rendered = await renderSidebar(labMemoryCollection(), withHistory());
    const list = await screen.findByRole('list', { name: 'Past calls' });
    await waitFor(() => expect(within(list).getAllByRole('button')).toHaveLength(2));
    const [first, second] = within(list).getAllByRole('button');
    expect(first?.textContent).toContain('UserService/ListUsers');
    expect(first?.textContent).toContain('UNAVAILABLE');
    expect(first?.querySelector('.history-status')?.className).toContain('tone-transient');
    expect(second?.textContent).toContain('OK');
    fireEvent.change(screen.getByRole('combobox', { name: 'Filter by status' }), { target: { value: 'failed' } });
    expect(rendered.client.paramsOf('listHistory').at(-1)).toMatchObject({ status: 'failed' });
  });

  it('shows a call’s detail, opens it in a new tab, and saves it into a collection', async () => {
    const rendered = await renderSidebar(labMemoryCollection(), withHistory());
    await openLab(rendered);
    fireEvent.click(await screen.findByRole('button', { name: /UserService\/GetUser/ }));
    const detail = screen.getByRole('region', { name: 'Call detail' });
    expect(within(detail).getByText('{"id":"u1"}')).toBeTruthy();
    fireEvent.click(within(detail).getByRole('button', { name: 'Open in a new tab' }));
    expect(rendered.store.getState().draft).toMatchObject({ target: '127.0.0.1:50051' });

    fireEvent.click(within(detail).getByRole('button', { name: 'Save to collection…' }));
    const form = within(detail).getByRole('form', { name: 'Save to collection' });
    fireEvent.change(within(form).getByRole('combobox', { name: 'Folder' }), { target: { value: 'users' } });
    fireEvent.change(within(form).getByRole('textbox', { name: 'Name' }), { target: { value: 'Get user u1' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Save' }));
    await screen.findByRole('button', { name: /^Get user u1/ });
    expect(rendered.collection.files.get('users/get-user-u1.grpc.yaml')).toMatchObject({ name: 'Get user u1' });
    expect(selectActiveTab(rendered.store.getState())?.origin?.path).toBe('users/get-user-u1.grpc.yaml');
  });

  it('clears the history only after confirming', async () => {
    const rendered = await renderSidebar(labMemoryCollection(), withHistory());
    await screen.findByRole('button', { name: /UserService\/GetUser/ });
    fireEvent.click(screen.getByRole('button', { name: 'Clear history…' }));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(rendered.client.paramsOf('clearHistory')).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Clear history…' }));
    fireEvent.click(
      within(screen.getByRole('alertdialog', { name: 'Clear history' })).getByRole('button', { name: 'Clear' }),
    );
    await waitFor(() => expect(screen.queryByRole('button', { name: /UserService\/GetUser/ })).toBeNull());
    expect(rendered.client.paramsOf('clearHistory')).toEqual([{}]);
  });

  it('hides and shows the sidebar, and sets its width from the keyboard', async () => {
    await renderSidebar();
    const separator = screen.getByRole('separator', { name: 'Sidebar width' });
    fireEvent.keyDown(separator, { key: 'ArrowRight' });
    expect(separator.getAttribute('aria-valuenow')).toBe('290');
    fireEvent.click(screen.getByRole('button', { name: 'Hide sidebar' }));
    expect(screen.queryByRole('region', { name: 'History' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Show sidebar' }));
    expect(screen.getByRole('region', { name: 'History' })).toBeTruthy();
  });
});
