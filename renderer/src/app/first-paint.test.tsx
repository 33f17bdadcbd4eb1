import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { JsonEditorProvider, TextareaJsonEditor } from '../editor/json-editor-seam';
import { createWorkbenchStore } from '../store/create-store';
import { FakeWorkbenchClient } from '../testing/fake-client';
import { giveElementsALayout } from '../testing/render-workbench';
import { App } from './App';
import { FirstPaintProvider } from './first-paint';
import { WorkbenchProvider } from './WorkbenchContext';

afterEach(cleanup);

describe('the first screen first', () => {
  it('renders the tab bar, connection bar and request first, and the other panels in their places after the paint', async () => {
    giveElementsALayout();
    const store = createWorkbenchStore(new FakeWorkbenchClient(), { initialTarget: 'localhost:50051' });
    render(
      <WorkbenchProvider store={store}>
        <JsonEditorProvider value={TextareaJsonEditor}>
          <FirstPaintProvider>
            <App />
          </FirstPaintProvider>
        </JsonEditorProvider>
      </WorkbenchProvider>,
    );
    // First: what Send needs, and the later panels' places, empty and busy.
    expect(screen.getByRole('textbox', { name: 'Target' })).toBeTruthy();
    expect(screen.getByRole('region', { name: 'Request' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Sidebar' }).getAttribute('aria-busy')).toBe('true');
    expect(screen.getByRole('navigation', { name: 'Services' }).getAttribute('aria-busy')).toBe('true');
    expect(screen.queryByPlaceholderText('Filter methods')).toBeNull();
    expect(screen.getByRole('tab', { name: 'Response' })).toBeTruthy();

    // Then: the panels themselves, in the same places.
    expect(await screen.findByPlaceholderText('Filter methods')).toBeTruthy();
    expect(screen.getByRole('navigation', { name: 'Services' }).getAttribute('aria-busy')).toBeNull();
    expect(screen.getByRole('region', { name: 'Collections' })).toBeTruthy();
    expect(screen.getByRole('complementary', { name: 'Sidebar' }).getAttribute('aria-busy')).toBeNull();
    store.getState().dispose();
  });
});
