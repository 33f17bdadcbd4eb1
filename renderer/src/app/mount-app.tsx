/**
 * Renders the workbench into the page: React, its DOM renderer and every component of the first
 * screen. main.tsx loads this chunk only after it has opened the host link and built the store, so
 * the store's first requests (host info, the kept tabs, the lab connection) travel while this code
 * downloads and runs (issue 14, UI start).
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { WorkbenchStore } from '../store/create-store';
import { App } from './App';
import { FirstPaintProvider } from './first-paint';
import { WorkbenchProvider } from './WorkbenchContext';

export function mountApp(root: HTMLElement, store: WorkbenchStore): void {
  createRoot(root).render(
    <StrictMode>
      <WorkbenchProvider store={store}>
        <FirstPaintProvider>
          <App />
        </FirstPaintProvider>
      </WorkbenchProvider>
    </StrictMode>,
  );
}
