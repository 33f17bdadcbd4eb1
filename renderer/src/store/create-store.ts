/**
 * The workbench's one zustand store, combined from the features' slices. It is created with its
 * WorkbenchClient (never reads window.*); each slice subscribes to the events it follows and
 * registers its teardown for dispose().
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WorkbenchClient } from '../../../shared/api';
import { createAppSlice, type AppSlice, type AppSliceOptions } from '../app/app-slice';
import { createClusterSlice, type ClusterSlice } from '../cluster/cluster-slice';
import { createCollectionsSlice, type CollectionsSlice } from '../collections/collections-slice';
import { createChannelsSlice, type ChannelsSlice } from '../connection/channels-slice';
import { createEnvironmentsSlice, type EnvironmentsSlice } from '../environments/environments-slice';
import { createExpectationsSlice, type ExpectationsSlice } from '../expectations/expectations-slice';
import { createGrpcurlSlice, type GrpcurlSlice } from '../grpcurl/grpcurl-slice';
import { createConnectionSlice, type ConnectionSlice } from '../connection/connection-slice';
import { createHistorySlice, type HistorySlice } from '../history/history-slice';
import { createHealthSlice, type HealthSlice } from '../health/health-slice';
import { createLensSlice, type LensSlice } from '../lens/lens-slice';
import { createRequestSlice, type RequestSlice, type RequestSliceOptions } from '../request/request-slice';
import { createCallSlice, type CallSlice, type CallSliceOptions } from '../response/call-slice';
import { createRunsSlice, type RunsSlice } from '../runs/runs-slice';
import { createServicesSlice, type ServicesSlice } from '../services/services-slice';
import { createTabsSlice, type TabsSlice, type TabsSliceOptions } from '../workspace/tabs-slice';
import { randomClientId, type NewClientId } from './client-id';
import type { SliceContext } from './slice';

export type WorkbenchState = AppSlice &
  ConnectionSlice &
  ChannelsSlice &
  ServicesSlice &
  RequestSlice &
  CallSlice &
  LensSlice &
  ClusterSlice &
  HealthSlice &
  CollectionsSlice &
  HistorySlice &
  TabsSlice &
  EnvironmentsSlice &
  RunsSlice &
  GrpcurlSlice &
  ExpectationsSlice & {
    /** Ends every subscription and watch of the store. */
    dispose(): void;
  };

export type WorkbenchStoreOptions = AppSliceOptions &
  RequestSliceOptions &
  CallSliceOptions &
  TabsSliceOptions & {
    /** How the ids of calls, bursts and watches are chosen (default: random UUIDs). */
    newId?: NewClientId;
  };

export type WorkbenchStore = StoreApi<WorkbenchState>;

export function createWorkbenchStore(client: WorkbenchClient, options: WorkbenchStoreOptions = {}): WorkbenchStore {
  return createStore<WorkbenchState>()((set, get, api) => {
    const teardowns: (() => void)[] = [];
    const context: SliceContext = {
      set,
      get,
      subscribe: api.subscribe,
      client,
      newId: options.newId ?? randomClientId,
      onDispose: (teardown) => teardowns.push(teardown),
    };
    return {
      ...createAppSlice(context, options),
      ...createConnectionSlice(context),
      ...createChannelsSlice(context),
      ...createServicesSlice(context),
      ...createRequestSlice(context, options),
      ...createCallSlice(context, options),
      ...createLensSlice(context),
      ...createClusterSlice(context),
      ...createHealthSlice(context),
      ...createCollectionsSlice(context),
      ...createHistorySlice(context),
      ...createTabsSlice(context, options),
      ...createEnvironmentsSlice(context),
      ...createRunsSlice(context),
      ...createGrpcurlSlice(context),
      ...createExpectationsSlice(context),
      dispose() {
        for (const teardown of teardowns.splice(0).reverse()) teardown();
      },
    };
  });
}
