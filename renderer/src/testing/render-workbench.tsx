/**
 * Renders the real App around a FakeWorkbenchClient for component tests. Two seams only: the
 * JSON editor is a textarea (jsdom cannot run Monaco) and frames are advanced by the test; the
 * later panels (app/first-paint.tsx) are there from the first render.
 * jsdom has no layout, so element sizes are given to it for the virtualized lists. Ids are
 * sequential (`call-1`, `watch-1`, …) as in the slice tests, so tests can name them.
 */
import { act, render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { App } from '../app/App';
import { LaterPanelsProvider } from '../app/first-paint';
import { laterPanels } from '../app/later-panels';
import { WorkbenchProvider } from '../app/WorkbenchContext';
import { JsonEditorProvider, TextareaJsonEditor } from '../editor/json-editor-seam';
import { sequentialClientIds } from '../store/client-id';
import { createWorkbenchStore, type WorkbenchStore, type WorkbenchStoreOptions } from '../store/create-store';
import { FakeWorkbenchClient } from './fake-client';
import { manualFrames } from './test-store';

export interface RenderedWorkbench extends RenderResult {
  client: FakeWorkbenchClient;
  store: WorkbenchStore;
  /** Runs the pending animation frame (applies buffered call events) inside act(). */
  runFrame(): void;
}

let layoutGiven = false;

/** Gives every element a size so the virtualizers render rows (jsdom reports 0 for everything). */
export function giveElementsALayout(): void {
  if (layoutGiven) return;
  layoutGiven = true;
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 800 });
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get: () => 28 });
  HTMLElement.prototype.scrollTo = function scrollTo() {};
}

export function renderWorkbench(
  client = new FakeWorkbenchClient(),
  options: WorkbenchStoreOptions = {},
): RenderedWorkbench {
  giveElementsALayout();
  const frames = manualFrames();
  const store = createWorkbenchStore(client, { schedule: frames.schedule, newId: sequentialClientIds(), ...options });
  const result = render(
    <WorkbenchProvider store={store}>
      <JsonEditorProvider value={TextareaJsonEditor}>
        <LaterPanelsProvider value={{ panels: laterPanels }}>
          <App />
        </LaterPanelsProvider>
      </JsonEditorProvider>
    </WorkbenchProvider>,
  );
  const runFrame = () => act(frames.runFrame);
  return { ...result, client, store, runFrame };
}

/** Renders one feature's component inside a provider with a store around `client`. */
export function renderWithStore(
  ui: ReactElement,
  client: FakeWorkbenchClient,
  options: WorkbenchStoreOptions = {},
): RenderResult & { store: WorkbenchStore } {
  giveElementsALayout();
  const store = createWorkbenchStore(client, {
    schedule: () => () => undefined,
    newId: sequentialClientIds(),
    ...options,
  });
  return { ...render(<WorkbenchProvider store={store}>{ui}</WorkbenchProvider>), store };
}
