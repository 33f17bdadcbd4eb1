import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import { renderWorkbench } from '../testing/render-workbench';

afterEach(cleanup);

/** Connects the workbench to the fake client's schema and returns the method tree. */
async function loadedTree(): Promise<HTMLElement> {
  renderWorkbench();
  fireEvent.change(screen.getByRole('textbox', { name: 'Target' }), { target: { value: 'localhost:50051' } });
  fireEvent.click(screen.getByRole('button', { name: 'Connect' }));
  const tree = screen.getByRole('tree', { name: 'Methods' });
  await within(tree).findByRole('treeitem', { name: /GetUser/ });
  return tree;
}

function item(tree: HTMLElement, name: RegExp): HTMLElement {
  return within(tree).getByRole('treeitem', { name });
}

describe('ServiceTree keyboard navigation', () => {
  it('is one Tab stop: the active item has tabIndex 0, every other item -1', async () => {
    const tree = await loadedTree();
    const items = within(tree).getAllByRole('treeitem');
    expect(items.map((element) => element.tabIndex)).toEqual([0, -1, -1, -1, -1, -1, -1]);
    // The pointer buttons inside the rows are not Tab stops either.
    expect(
      within(tree)
        .getAllByRole('button')
        .every((button) => button.tabIndex === -1),
    ).toBe(true);
    expect(item(tree, /^user\.v1\.UserService/).getAttribute('aria-expanded')).toBe('true');
    expect(item(tree, /^GetUser/).getAttribute('aria-level')).toBe('2');
  });

  it('moves from the filter into the list with ArrowDown, then Up/Down/Home/End with a roving tab stop', async () => {
    const user = userEvent.setup();
    const tree = await loadedTree();
    await user.click(screen.getByRole('textbox', { name: 'Filter methods' }));
    await user.keyboard('{ArrowDown}');
    const service = item(tree, /^user\.v1\.UserService/);
    await waitFor(() => expect(document.activeElement).toBe(service));

    await user.keyboard('{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^GetUser/)));
    expect(item(tree, /^GetUser/).tabIndex).toBe(0);
    expect(service.tabIndex).toBe(-1);

    await user.keyboard('{End}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^Check/)));
    await user.keyboard('{ArrowUp}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^grpc\.health\.v1\.Health/)));
    await user.keyboard('{Home}');
    await waitFor(() => expect(document.activeElement).toBe(service));
  });

  it('collapses and expands services with Left/Right and goes from a method to its service with Left', async () => {
    const user = userEvent.setup();
    const tree = await loadedTree();
    await user.click(screen.getByRole('textbox', { name: 'Filter methods' }));
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^ListUsers/)));

    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^user\.v1\.UserService/)));
    await user.keyboard('{ArrowLeft}');
    await waitFor(() => expect(within(tree).queryByRole('treeitem', { name: /^GetUser/ })).toBeNull());
    expect(item(tree, /^user\.v1\.UserService/).getAttribute('aria-expanded')).toBe('false');

    await user.keyboard('{ArrowRight}');
    await within(tree).findByRole('treeitem', { name: /^GetUser/ });
    expect(item(tree, /^user\.v1\.UserService/).getAttribute('aria-expanded')).toBe('true');
    await user.keyboard('{ArrowRight}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^GetUser/)));
  });

  it('selects the focused method with Enter and marks it aria-selected', async () => {
    const user = userEvent.setup();
    const tree = await loadedTree();
    await user.click(screen.getByRole('textbox', { name: 'Filter methods' }));
    await user.keyboard('{ArrowDown}{End}');
    await waitFor(() => expect(document.activeElement).toBe(item(tree, /^Check/)));
    await user.keyboard('{Enter}');
    await waitFor(() => expect(item(tree, /^Check/).getAttribute('aria-selected')).toBe('true'));
    expect(item(tree, /^GetUser/).getAttribute('aria-selected')).toBe('false');
    expect(within(screen.getByRole('region', { name: 'Request' })).getByRole('heading').textContent).toContain('Check');
  });

  it('leaves the tree with a single Tab', async () => {
    const user = userEvent.setup();
    const tree = await loadedTree();
    await user.click(screen.getByRole('textbox', { name: 'Filter methods' }));
    await user.tab();
    expect(document.activeElement).toBe(item(tree, /^user\.v1\.UserService/));
    await user.tab();
    expect(tree.contains(document.activeElement)).toBe(false);
  });
});
