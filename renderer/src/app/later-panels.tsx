/**
 * The panels the first screen does without (app/first-paint.tsx): their own chunk, loaded and
 * rendered right after the first paint, so neither their code nor their first render stands
 * between page load and Send (issue 14, UI start).
 */
import { ClusterPanel } from '../cluster/ClusterPanel';
import { Sidebar } from '../collections/Sidebar';
import { EnvironmentBar } from '../environments/EnvironmentBar';
import { ExpectationsTab } from '../expectations/ExpectationsTab';
import { HealthView } from '../health/HealthView';
import { LoadBalancingTab } from '../lens/LoadBalancingTab';
import { ResponseView } from '../response/ResponseView';
import { RunPanel } from '../runs/RunPanel';
import { ServiceTree } from '../services/ServiceTree';

export const laterPanels = {
  ClusterPanel,
  EnvironmentBar,
  ExpectationsTab,
  HealthView,
  LoadBalancingTab,
  ResponseView,
  RunPanel,
  ServiceTree,
  Sidebar,
};

export type LaterPanels = typeof laterPanels;
