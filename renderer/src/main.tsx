/**
 * Entry point: creates the host client (Electron bridge or browser-mode WebSocket) once, builds
 * the store around it, and renders the workbench. Everything below gets the store injected.
 *
 * The client and the store come first and the UI's code after them (a chunk index.html preloads):
 * the host answers the store's first requests while React and the components load and run, instead
 * of after (issue 14, UI start).
 */
import { parseStartState, startStateElementId } from '../../shared/api';
import { createWorkbenchStore } from './store/create-store';
import { createHostClient } from './transport';
import './styles.css';

const client = createHostClient();
const prefersDark = window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
// The store also asks the host about a demo lab (`npm start`, `serve --lab`) and connects to it.
// It also puts back the tabs the host kept, and keeps every change to them (keepWorkspace).
// The host wrote its info and the kept workspace into the page: the first render shows the kept tabs.
const startState = parseStartState(document.getElementById(startStateElementId)?.textContent);
const store = createWorkbenchStore(client, {
  initialTheme: prefersDark ? 'dark' : 'light',
  keepWorkspace: true,
  ...(startState ? { startState } : {}),
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
import('./app/mount-app')
  .then(({ mountApp }) => mountApp(root, store))
  .catch((error: unknown) => {
    root.textContent = `The workbench could not load its interface (${String(error)}). Reload the page to try again.`;
  });
