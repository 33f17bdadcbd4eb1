import { useEffect, useState, type KeyboardEvent } from 'react';
import { selectSelectedMethod } from '../services/services-slice';
import { useWorkbench } from './WorkbenchContext';
import { ConnectionBar } from '../connection/ConnectionBar';
import { ErrorBoundary } from './ErrorBoundary';
import { LoadBalancingTab } from '../lens/LoadBalancingTab';
import { RequestEditor } from '../request/RequestEditor';
import { ResponseView } from '../response/ResponseView';
import { ServiceTree } from '../services/ServiceTree';
import { Tabs, type TabDefinition } from '../ui/Tabs';

type RightTab = 'response' | 'lens';

const rightTabs: readonly TabDefinition<RightTab>[] = [
  {
    id: 'response',
    label: 'Response',
    render: () => (
      <ErrorBoundary area="The response view">
        <ResponseView />
      </ErrorBoundary>
    ),
  },
  {
    id: 'lens',
    label: 'Load balancing',
    render: () => (
      <ErrorBoundary area="The load-balancing lens">
        <LoadBalancingTab />
      </ErrorBoundary>
    ),
  },
];

/** The workbench window: connection bar on top, services | request | response below. */
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
      <ErrorBoundary area="The connection bar">
        <ConnectionBar />
      </ErrorBoundary>
      <main className="workspace">
        <ErrorBoundary area="The service tree">
          <ServiceTree />
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
