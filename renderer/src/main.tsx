/**
 * Entry point: creates the host client (Electron bridge or browser-mode WebSocket) once, builds
 * the store around it, and renders the workbench. Everything below gets the client injected.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { WorkbenchProvider } from './WorkbenchContext';
import { createWorkbenchStore } from './state/workbenchStore';
import { createHostClient } from './transport';
import './styles.css';

const client = createHostClient();
const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
const store = createWorkbenchStore(client, { initialTheme: prefersDark ? 'dark' : 'light' });

// `npm start` runs the demo lab: preselect its L4 proxy (one plain address, like a ClusterIP
// Service — and the load-balancing lens shows it pinning) unless the user already typed a target.
client
  .hostInfo({})
  .then((info) => {
    if (info.lab && store.getState().form.target === '') store.getState().updateForm({ target: info.lab.proxyTarget });
  })
  .catch((error: unknown) => console.warn('hostInfo failed; starting without lab defaults', error));

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <WorkbenchProvider client={client} store={store}>
      <App />
    </WorkbenchProvider>
  </StrictMode>,
);
