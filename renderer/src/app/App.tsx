import { useEffect, useState, type KeyboardEvent } from 'react';
import { selectSelectedMethod } from '../services/services-slice';
import { useWorkbench } from './WorkbenchContext';
import { ConnectionBar } from '../connection/ConnectionBar';
import { SidebarPlaceholder } from '../collections/SidebarPlaceholder';
import { ErrorBoundary } from './ErrorBoundary';
import { Later } from './first-paint';
import { RequestEditor } from '../request/RequestEditor';
import { Tabs, type TabDefinition } from '../ui/Tabs';
import { SaveAsDialog } from '../workspace/SaveAsDialog';
import { TabBar } from '../workspace/TabBar';
import { TabNotices } from '../workspace/TabNotices';

type RightTab = 'response' | 'expectations' | 'lens' | 'cluster' | 'health';

const rightTabs: readonly TabDefinition<RightTab>[] = [
  {
    id: 'response',
    label: 'Response',
    render: () => (
      <ErrorBoundary area="The response view">
        <Later panel="ResponseView" />
      </ErrorBoundary>
    ),
  },
  {
    id: 'expectations',
    label: 'Expectations',
    render: () => (
      <ErrorBoundary area="The expectations">
        <Later panel="ExpectationsTab" />
      </ErrorBoundary>
    ),
  },
  {
    id: 'lens',
    label: 'Load balancing',
    render: () => (
      <ErrorBoundary area="The load-balancing lens">
        <Later panel="LoadBalancingTab" />
      </ErrorBoundary>
    ),
  },
  {
    id: 'cluster',
    label: 'Cluster',
    render: () => (
      <ErrorBoundary area="The Cluster panel">
        <Later panel="ClusterPanel" />
      </ErrorBoundary>
    ),
  },
  {
    id: 'health',
    label: 'Health',
    render: () => (
      <ErrorBoundary area="The health view">
        <Later panel="HealthView" />
      </ErrorBoundary>
    ),
  },
];

/**
 * The workbench window: the request tabs on top, then the active tab's connection bar and services |
 * request | response. The first render holds what Send needs; the other panels come from their own
 * chunk right after the first paint (first-paint.tsx).
 */
export function App() {
  const theme = useWorkbench((state) => state.theme);
  const submit = useWorkbench((state) => state.submit);
  const hasMethod = useWorkbench((state) => selectSelectedMethod(state) !== undefined);
  const [rightTab, setRightTab] = useState<RightTab>('response');

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  // Ctrl/Cmd+Enter anywhere sends (the editor handles it itself and stops it from bubbling).
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && hasMethod) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <div className="app" onKeyDown={onKeyDown}>
      <HostLostBanner />
      <ErrorBoundary area="The tab bar">
        <TabBar />
        <TabNotices />
        <SaveAsDialog />
      </ErrorBoundary>
      <ErrorBoundary area="The connection bar">
        <ConnectionBar />
      </ErrorBoundary>
      <ErrorBoundary area="The collection tools">
        <Later panel="EnvironmentBar" />
        <Later panel="RunPanel" />
      </ErrorBoundary>
      <main className="workspace">
        <Later panel="Sidebar" placeholder={<SidebarPlaceholder />} />
        <ErrorBoundary area="The service tree">
          <Later
            panel="ServiceTree"
            placeholder={<nav className="service-tree" aria-label="Services" aria-busy="true" />}
          />
        </ErrorBoundary>
        <ErrorBoundary area="The request editor">
          <RequestEditor />
        </ErrorBoundary>
        <div className="right-panel">
          <Tabs<RightTab> label="Result" tabs={rightTabs} active={rightTab} onChange={setRightTab} />
        </div>
      </main>
    </div>
  );
}

/** Said at once when the host goes away, before the next Send would fail. */
function HostLostBanner() {
  const hostLost = useWorkbench((state) => state.hostLost);
  if (hostLost === undefined) return null;
  return (
    <div className="host-lost" role="alert">
      <strong>The workbench host stopped</strong> ({hostLost}). Nothing can be sent until it runs again: start it (
      <code>npm start</code> or <code>grpc-workbench serve</code>) and reload this page — the address and token stay the
      same.
    </div>
  );
}
