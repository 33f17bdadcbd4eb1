/**
 * What the rows of one collection's tree share while the user works on it: which folders are
 * closed, the row being renamed, the folder getting a new entry, the entry being dragged.
 */
import { createContext, useContext } from 'react';
import type { CollectionTree } from '../../../shared/api';

export interface NewEntryPlace {
  folder: string;
  type: 'request' | 'folder';
}

export interface TreeUi {
  root: string;
  tree: CollectionTree;
  collapsed: ReadonlySet<string>;
  toggleFolder(path: string): void;
  renaming?: string;
  setRenaming(path: string | undefined): void;
  creating?: NewEntryPlace;
  setCreating(place: NewEntryPlace | undefined): void;
  /** The path being dragged (kept here, not only in dataTransfer, which a drag-over cannot read). */
  dragged: { current?: string };
}

export const TreeUiContext = createContext<TreeUi | undefined>(undefined);

export function useTreeUi(): TreeUi {
  const ui = useContext(TreeUiContext);
  if (ui === undefined) throw new Error('A tree row is rendered outside its CollectionView.');
  return ui;
}
