/**
 * Renders the real App around a FakeWorkbenchClient for component tests. Two seams only: the
 * JSON editor is a textarea (jsdom cannot run Monaco) and frames are advanced by the test.
 * jsdom has no layout, so element sizes are given to it for the virtualized lists.
 */
import { act, render, type RenderResult } from '@testing-library/react';
import { App } from '../app/App';
import { WorkbenchProvider } from '../app/WorkbenchContext';
import { JsonEditorProvider, TextareaJsonEditor } from '../editor/json-editor-seam';
import type { FrameScheduler } from '../store/frame-batcher';
import { createWorkbenchStore, type WorkbenchStore, type WorkbenchStoreOptions } from '../store/create-store';
import { FakeWorkbenchClient } from './fake-client';

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
  let callbacks: (() => void)[] = [];
  const schedule: FrameScheduler = (callback) => {
    callbacks.push(callback);
    return () => {
      callbacks = callbacks.filter((c) => c !== callback);
    };
  };
  const store = createWorkbenchStore(client, { schedule, ...options });
  const result = render(
    <WorkbenchProvider client={client} store={store}>
      <JsonEditorProvider value={TextareaJsonEditor}>
        <App />
      </JsonEditorProvider>
    </WorkbenchProvider>,
  );
  const runFrame = () =>
    act(() => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    });
  return { ...result, client, store, runFrame };
}
