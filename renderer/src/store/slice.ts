/**
 * The vocabulary of the store's slices. Each feature folder exports a `createXSlice(context)` that
 * returns its part of the one WorkbenchState (data, actions); store/create-store.ts combines them.
 * A slice reads and writes the whole state through `get`/`set`, so an action may call another
 * slice's action (Connect clears the call), but each field is written by the slice that owns it.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { WorkbenchErrorData, WorkbenchClient } from '../../../shared/api';
import type { NewClientId } from './client-id';
import type { WorkbenchState } from './create-store';

export interface SliceContext {
  set: StoreApi<WorkbenchState>['setState'];
  get: StoreApi<WorkbenchState>['getState'];
  /** Hears every change of the state (the tabs follow the active draft, the workspace is saved from it). */
  subscribe: StoreApi<WorkbenchState>['subscribe'];
  /** The host. Every slice's calls into it are in its actions, none in components. */
  client: WorkbenchClient;
  /** Chooses the id of a call, burst or watch before it starts. */
  newId: NewClientId;
  /** Registers what the store's dispose() undoes (event subscriptions, watches). */
  onDispose(teardown: () => void): void;
}

/** A value fetched from the host, with its failure kept for the view. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'loaded'; value: T }
  | { status: 'error'; error: WorkbenchErrorData };
