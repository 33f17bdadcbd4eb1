/**
 * Injects the WorkbenchClient and its store into the component tree, so components never reach
 * for a global: main.tsx passes the host's client, tests pass a fake.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WorkbenchClient } from '../../shared/api';
import type { WorkbenchState, WorkbenchStore } from './state/workbenchStore';

interface WorkbenchContextValue {
  client: WorkbenchClient;
  store: WorkbenchStore;
}

const WorkbenchContext = createContext<WorkbenchContextValue | undefined>(undefined);

export function WorkbenchProvider(props: WorkbenchContextValue & { children: ReactNode }) {
  const { client, store, children } = props;
  return <WorkbenchContext.Provider value={{ client, store }}>{children}</WorkbenchContext.Provider>;
}

function useWorkbenchContext(): WorkbenchContextValue {
  const value = useContext(WorkbenchContext);
  if (!value) throw new Error('WorkbenchProvider is missing above this component.');
  return value;
}

export function useClient(): WorkbenchClient {
  return useWorkbenchContext().client;
}

/** Reads a slice of the workbench store; re-renders only when that slice changes. */
export function useWorkbench<T>(selector: (state: WorkbenchState) => T): T {
  return useStore(useWorkbenchContext().store, selector);
}
