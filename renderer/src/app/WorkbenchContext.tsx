/**
 * Injects the workbench store into the component tree, so components never reach for a global:
 * main.tsx builds it around the host's client, tests around a fake. Components read state and
 * actions through useWorkbench; only the store's slices call the client.
 */
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { WorkbenchState, WorkbenchStore } from '../store/create-store';

const WorkbenchContext = createContext<WorkbenchStore | undefined>(undefined);

export function WorkbenchProvider({ store, children }: { store: WorkbenchStore; children: ReactNode }) {
  return <WorkbenchContext.Provider value={store}>{children}</WorkbenchContext.Provider>;
}

/** The store itself, for effects that call actions (components read state with useWorkbench). */
export function useWorkbenchStore(): WorkbenchStore {
  const store = useContext(WorkbenchContext);
  if (!store) throw new Error('WorkbenchProvider is missing above this component.');
  return store;
}

/** Reads a slice of the workbench store; re-renders only when that slice changes. */
export function useWorkbench<T>(selector: (state: WorkbenchState) => T): T {
  return useStore(useWorkbenchStore(), selector);
}
