import { useMemo, useRef, useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { selectCollectionOf } from './collections-slice';
import { NewEntryForm } from './NewEntryForm';
import { formatProblem } from './tree-edits';
import { TreeEntry } from './TreeEntry';
import { TreeUiContext, type NewEntryPlace, type TreeUi } from './tree-ui';

/** One open collection: its name and actions, the problems of its files, and its tree. */
export function CollectionView({ root }: { root: string }) {
  const open = useWorkbench(selectCollectionOf(root));
  const closeCollection = useWorkbench((state) => state.closeCollection);
  const moveTreeEntry = useWorkbench((state) => state.moveTreeEntry);
  const [dropOnTop, setDropOnTop] = useState(false);
  const refreshCollection = useWorkbench((state) => state.refreshCollection);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [renaming, setRenaming] = useState<string>();
  const [creating, setCreating] = useState<NewEntryPlace>();
  const [folded, setFolded] = useState(false);
  const dragged = useRef<string | undefined>(undefined);
  const tree = open?.tree.status === 'loaded' ? open.tree.value : undefined;

  const ui = useMemo<TreeUi | undefined>(
    () =>
      tree && {
        root,
        tree,
        collapsed,
        toggleFolder: (path) => {
          const next = new Set(collapsed);
          if (!next.delete(path)) next.add(path);
          setCollapsed(next);
        },
        renaming,
        setRenaming,
        creating,
        setCreating: (place) => {
          // A new entry goes into a folder the user can see.
          if (place && collapsed.has(place.folder)) {
            const next = new Set(collapsed);
            next.delete(place.folder);
            setCollapsed(next);
          }
          setCreating(place);
        },
        dragged,
      },
    [root, tree, collapsed, renaming, creating],
  );

  if (open === undefined) return null;
  const name = tree?.collection?.name ?? root.split(/[\\/]/).pop() ?? root;

  return (
    <section className="collection" aria-label={`Collection ${name}`}>
      {/* Dropping on the header moves an entry to the top of the collection. */}
      <div
        className="collection-header"
        data-drop={dropOnTop ? 'into' : undefined}
        onDragOver={(event) => {
          if (dragged.current === undefined || !dragged.current.includes('/')) return;
          event.preventDefault();
          setDropOnTop(true);
        }}
        onDragLeave={() => setDropOnTop(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDropOnTop(false);
          const source = dragged.current;
          dragged.current = undefined;
          if (source !== undefined) void moveTreeEntry(root, source, '');
        }}
      >
        <button
          type="button"
          className="collection-title"
          aria-expanded={!folded}
          title={root}
          onClick={() => setFolded(!folded)}
        >
          <span className="chevron" aria-hidden="true">
            {folded ? '▸' : '▾'}
          </span>
          <span className="tree-entry-name">{name}</span>
        </button>
        {ui ? (
          <>
            <button
              type="button"
              className="icon-button"
              aria-label={`New request in ${name}`}
              title="New request"
              onClick={() => ui.setCreating({ folder: '', type: 'request' })}
            >
              +
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label={`New folder in ${name}`}
              title="New folder"
              onClick={() => ui.setCreating({ folder: '', type: 'folder' })}
            >
              ⊞
            </button>
          </>
        ) : null}
        <button
          type="button"
          className="icon-button"
          aria-label={`Reload ${name}`}
          title="Reload from disk"
          onClick={() => void refreshCollection(root)}
        >
          ↻
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label={`Close ${name}`}
          title="Close collection"
          onClick={() => closeCollection(root)}
        >
          ×
        </button>
      </div>
      {folded ? null : (
        <>
          {open.tree.status === 'loading' ? <p className="muted sidebar-empty">Opening {root}…</p> : null}
          {open.tree.status === 'error' ? <ErrorBanner error={open.tree.error} /> : null}
          {tree && tree.problems.length > 0 ? (
            <details className="collection-problems">
              <summary>
                {tree.problems.length} file problem{tree.problems.length === 1 ? '' : 's'}
              </summary>
              <ul className="problem-list">
                {tree.problems.map((problem, at) => (
                  <li key={at}>{formatProblem(problem)}</li>
                ))}
              </ul>
            </details>
          ) : null}
          {ui && tree ? (
            <TreeUiContext.Provider value={ui}>
              <ul className="collection-tree">
                {creating?.folder === '' ? (
                  <li>
                    <NewEntryForm root={root} place={creating} onDone={() => setCreating(undefined)} />
                  </li>
                ) : null}
                {tree.children.map((child, at) => (
                  <TreeEntry key={child.path} node={child} index={at} siblings={tree.children.length} />
                ))}
              </ul>
              {tree.children.length === 0 && creating === undefined ? (
                <p className="muted sidebar-empty">No requests yet: add one with +.</p>
              ) : null}
            </TreeUiContext.Provider>
          ) : null}
        </>
      )}
    </section>
  );
}
