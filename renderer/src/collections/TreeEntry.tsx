import { useEffect, useId, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import type { CollectionTreeNode } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { EntryMenu, type MenuAction } from './EntryMenu';
import { NewEntryForm } from './NewEntryForm';
import { childrenOf, folderPaths, formatProblem, parentOf, snapshotOf } from './tree-edits';
import { useTreeUi } from './tree-ui';

type DropZone = 'before' | 'after' | 'into';

/** Which part of a row the pointer is over: a folder's middle takes the entry in, its edges (and a request's halves) place it beside. */
function dropZoneOf(event: DragEvent, isFolder: boolean): DropZone {
  const box = event.currentTarget.getBoundingClientRect();
  const y = (event.clientY - box.top) / (box.height || 1);
  if (!isFolder) return y < 0.5 ? 'before' : 'after';
  return y < 0.25 ? 'before' : y > 0.75 ? 'after' : 'into';
}

/**
 * One entry of a collection's tree — a request (click or Enter opens it; one that does not parse
 * says why) or a folder with its children — with its actions in a menu, drag to reorder or to
 * move onto a folder, and keys: F2 renames, Delete deletes, Alt+↑/↓ moves among its siblings.
 */
export function TreeEntry({ node, index, siblings }: { node: CollectionTreeNode; index: number; siblings: number }) {
  const ui = useTreeUi();
  const { root } = ui;
  const openRequest = useWorkbench((state) => state.openCollectionRequest);
  const renameEntry = useWorkbench((state) => state.renameTreeEntry);
  const duplicateEntry = useWorkbench((state) => state.duplicateTreeEntry);
  const deleteEntry = useWorkbench((state) => state.deleteTreeEntry);
  const reorderEntry = useWorkbench((state) => state.reorderTreeEntry);
  const moveEntry = useWorkbench((state) => state.moveTreeEntry);
  const isActive = useWorkbench((state) => {
    const origin = state.tabs.find((tab) => tab.id === state.activeTabId)?.origin;
    return origin?.root === root && origin.path === node.path;
  });
  const [dropZone, setDropZone] = useState<DropZone | undefined>();
  const [movingTo, setMovingTo] = useState(false);
  /** Why a delete could not be undone, while the user is asked to confirm it. */
  const [confirmingDelete, setConfirmingDelete] = useState<string>();
  const problemId = useId();
  const isFolder = node.type === 'folder';
  const expanded = isFolder && !ui.collapsed.has(node.path);

  const remove = () => {
    const taken = snapshotOf(node);
    if ('unrestorable' in taken) setConfirmingDelete(taken.unrestorable);
    else void deleteEntry(root, node.path);
  };

  const open = () => {
    if (node.type === 'request') openRequest(root, node);
    else ui.toggleFolder(node.path);
  };

  const actions: MenuAction[] = [
    ...(node.type === 'request' ? [{ label: 'Open', run: open, disabled: node.request === undefined }] : []),
    ...(isFolder
      ? [
          { label: 'New request…', run: () => ui.setCreating({ folder: node.path, type: 'request' }) },
          { label: 'New folder…', run: () => ui.setCreating({ folder: node.path, type: 'folder' }) },
        ]
      : []),
    { label: 'Rename', run: () => ui.setRenaming(node.path) },
    ...(node.type === 'request'
      ? [{ label: 'Duplicate', run: () => void duplicateEntry(root, node.path), disabled: node.request === undefined }]
      : []),
    { label: 'Move up', run: () => void reorderEntry(root, node.path, index - 1), disabled: index === 0 },
    { label: 'Move down', run: () => void reorderEntry(root, node.path, index + 1), disabled: index === siblings - 1 },
    { label: 'Move to…', run: () => setMovingTo(true) },
    { label: 'Delete', run: remove },
  ];

  const onRowKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    if (event.key === 'F2') ui.setRenaming(node.path);
    else if (event.key === 'Delete') remove();
    else if (event.altKey && event.key === 'ArrowUp' && index > 0) void reorderEntry(root, node.path, index - 1);
    else if (event.altKey && event.key === 'ArrowDown' && index < siblings - 1)
      void reorderEntry(root, node.path, index + 1);
    else return;
    event.preventDefault();
  };

  const onDrop = async (event: DragEvent) => {
    event.preventDefault();
    const zone = dropZone ?? dropZoneOf(event, isFolder);
    setDropZone(undefined);
    const source = ui.dragged.current;
    ui.dragged.current = undefined;
    if (source === undefined || source === node.path) return;
    if (zone === 'into') {
      await moveEntry(root, source, node.path);
      return;
    }
    const parent = parentOf(node.path);
    const ids = childrenOf(ui.tree, parent)
      .filter((child) => child.path !== source)
      .map((child) => child.id);
    const toIndex = ids.indexOf(node.id) + (zone === 'after' ? 1 : 0);
    const path = parentOf(source) === parent ? source : await moveEntry(root, source, parent);
    if (path !== undefined) await reorderEntry(root, path, toIndex);
  };

  const canDropHere = () => {
    const source = ui.dragged.current;
    return source !== undefined && source !== node.path && !node.path.startsWith(`${source}/`);
  };

  return (
    <li
      className="tree-entry"

      data-drop={dropZone}
      onDragOver={(event) => {
        if (!canDropHere()) return;
        event.preventDefault();
        event.stopPropagation();
        setDropZone(dropZoneOf(event, isFolder));
      }}
      onDragLeave={() => setDropZone(undefined)}
      onDrop={(event) => {
        event.stopPropagation();
        void onDrop(event);
      }}
    >
      <div
        className={`tree-entry-row ${isActive ? 'tree-entry-active' : ''}`}
        draggable={ui.renaming !== node.path}
        onDragStart={(event) => {
          event.stopPropagation();
          ui.dragged.current = node.path;
          event.dataTransfer?.setData('text/plain', node.path);
          if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
        }}
        onDragEnd={() => (ui.dragged.current = undefined)}
      >
        {ui.renaming === node.path ? (
          <RenameField
            name={node.name}
            onDone={(name) => {
              ui.setRenaming(undefined);
              if (name !== undefined) void renameEntry(root, node.path, name);
            }}
          />
        ) : (
          <button
            type="button"
            className={`tree-entry-open ${node.problem ? 'tree-entry-broken' : ''}`}
            title={node.path}
            aria-expanded={isFolder ? expanded : undefined}
            aria-current={isActive ? 'true' : undefined}
            aria-describedby={node.problem ? problemId : undefined}
            onClick={open}
            onKeyDown={onRowKeyDown}
          >
            <span className="chevron" aria-hidden="true">
              {isFolder ? (expanded ? '▾' : '▸') : ''}
            </span>
            <span className="tree-entry-name">{node.name}</span>
            {node.type === 'request' && node.request ? (
              <span className="muted tree-entry-method">{node.request.method.split('/').pop()}</span>
            ) : null}
            {node.problem ? (
              <span className="tree-entry-warning" aria-hidden="true">
                ⚠
              </span>
            ) : null}
          </button>
        )}
        <EntryMenu label={`Actions for ${node.name}`} actions={actions} />
      </div>
      {node.problem ? (
        <div id={problemId} className="tree-entry-problem">
          {formatProblem(node.problem)}
        </div>
      ) : null}
      {confirmingDelete !== undefined ? (
        <div role="alertdialog" aria-label={`Delete ${node.name}`} className="delete-confirm">
          <span>
            Delete “{node.name}”? It cannot be undone: {confirmingDelete}.
          </span>
          <button
            type="button"
            className="small danger"
            onClick={() => {
              setConfirmingDelete(undefined);
              void deleteEntry(root, node.path);
            }}
          >
            Delete
          </button>
          <button type="button" className="small" onClick={() => setConfirmingDelete(undefined)}>
            Cancel
          </button>
        </div>
      ) : null}
      {movingTo ? (
        <MoveToForm
          path={node.path}
          onDone={(toFolder) => {
            setMovingTo(false);
            if (toFolder !== undefined) void moveEntry(root, node.path, toFolder);
          }}
        />
      ) : null}
      {node.type === 'folder' && expanded ? (
        <ul className="tree-children">
          {ui.creating?.folder === node.path ? (
            <li>
              <NewEntryForm root={root} place={ui.creating} onDone={() => ui.setCreating(undefined)} />
            </li>
          ) : null}
          {node.children.map((child, at) => (
            <TreeEntry key={child.path} node={child} index={at} siblings={node.children.length} />
          ))}
          {node.children.length === 0 && ui.creating?.folder !== node.path ? (
            <li className="muted tree-entry-empty">Empty folder</li>
          ) : null}
        </ul>
      ) : null}
    </li>
  );
}

/** The name as an input: Enter renames, Escape (or leaving it) keeps the old name. */
function RenameField({ name, onDone }: { name: string; onDone(name: string | undefined): void }) {
  const [value, setValue] = useState(name);
  const ref = useRef<HTMLInputElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      className="tree-entry-rename"
      type="text"
      aria-label={`New name for ${name}`}
      value={value}
      spellCheck={false}
      autoComplete="off"
      onChange={(event) => setValue(event.target.value)}
      onBlur={() => onDone(undefined)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') {
          event.preventDefault();
          onDone(value);
        } else if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          onDone(undefined);
        }
      }}
    />
  );
}

/** "Move to…": the folders an entry can go to (not itself, nor inside itself). */
function MoveToForm({ path, onDone }: { path: string; onDone(toFolder: string | undefined): void }) {
  const { tree } = useTreeUi();
  const parent = parentOf(path);
  const targets = ['', ...folderPaths(tree.children)].filter(
    (folder) => folder !== parent && folder !== path && !folder.startsWith(`${path}/`),
  );
  const [toFolder, setToFolder] = useState(targets[0]);
  const id = useId();
  const ref = useRef<HTMLSelectElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <form
      className="move-to-form"
      onSubmit={(event) => {
        event.preventDefault();
        onDone(toFolder);
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onDone(undefined);
      }}
    >
      <label htmlFor={id}>Move to folder</label>
      <select id={id} ref={ref} value={toFolder} onChange={(event) => setToFolder(event.target.value)}>
        {targets.map((folder) => (
          <option key={folder} value={folder}>
            {folder === '' ? '(top of the collection)' : folder}
          </option>
        ))}
      </select>
      <button type="submit" className="small primary" disabled={toFolder === undefined}>
        Move
      </button>
      <button type="button" className="small" onClick={() => onDone(undefined)}>
        Cancel
      </button>
    </form>
  );
}
