/**
 * Entry point: creates the host client (Electron bridge or browser-mode WebSocket) once, builds
 * the store around it, and renders the workbench. Everything below gets the store injected.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { WorkbenchProvider } from './app/WorkbenchContext';
import { createWorkbenchStore } from './store/create-store';
import { createHostClient } from './transport';
import './styles.css';

const client = createHostClient();
const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
// The store also asks the host about a demo lab (`npm start`, `serve --lab`) and connects to it.
// It also puts back the tabs the host kept, and keeps every change to them (keepWorkspace).
const store = createWorkbenchStore(client, { initialTheme: prefersDark ? 'dark' : 'light', keepWorkspace: true });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <WorkbenchProvider store={store}>
      <App />
    </WorkbenchProvider>
  </StrictMode>,
);
