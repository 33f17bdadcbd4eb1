import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from './ErrorBanner';
import './folder-picker.css';

interface FolderPickerProps {
  title: string;
  /** The label of the button that takes the folder shown (or typed). */
  chooseLabel: string;
  onChoose(path: string): void;
  onClose(): void;
}

/**
 * A folder browser served by the host (a page cannot hand the server a path, and Electron uses
 * the same so both behave alike): the recent collections first, then the folders of the one
 * shown, starting at home, each collection marked; a path can be typed or pasted too.
 */
export function FolderPicker({ title, chooseLabel, onChoose, onClose }: FolderPickerProps) {
  const { listing, recent } = useWorkbench((state) => state.folderBrowser);
  const browseFolder = useWorkbench((state) => state.browseFolder);
  const titleId = useId();
  const pathId = useId();
  const pathRef = useRef<HTMLInputElement>(null);
  const [typed, setTyped] = useState('');
  const shown = listing.status === 'loaded' ? listing.value : undefined;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    pathRef.current?.focus();
    void browseFolder();
    return () => opener?.focus();
  }, [browseFolder]);

  useEffect(() => {
    if (shown) setTyped(shown.path);
  }, [shown]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    onClose();
  };
  const chosenPath = typed.trim();

  return (
    <div className="modal-backdrop">
      <div className="folder-picker" role="dialog" aria-modal="true" aria-labelledby={titleId} onKeyDown={onKeyDown}>
        <h2 id={titleId}>{title}</h2>
        <form
          className="folder-picker-path"
          onSubmit={(event) => {
            event.preventDefault();
            if (chosenPath) void browseFolder(chosenPath);
          }}
        >
          <label htmlFor={pathId}>Folder path</label>
          <input
            id={pathId}
            ref={pathRef}
            type="text"
            value={typed}
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
          <button type="submit">Go</button>
          <button
            type="button"
            disabled={shown?.parent === undefined}
            onClick={() => shown?.parent !== undefined && void browseFolder(shown.parent)}
          >
            Up
          </button>
          {shown && shown.path !== shown.home ? (
            <button type="button" onClick={() => void browseFolder(shown.home)}>
              Home
            </button>
          ) : null}
        </form>

        {recent.length > 0 ? (
          <section aria-label="Recent collections" className="folder-picker-list">
            <h3>Recent</h3>
            <ul>
              {recent.map((collection) => (
                <li key={collection.root}>
                  <button type="button" className="folder-row" onClick={() => onChoose(collection.root)}>
                    <span className="folder-name">{collection.name}</span>
                    <span className="muted folder-path">{collection.root}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        <section aria-label="Folders" className="folder-picker-list folder-picker-folders">
          <h3>{shown ? shown.path : 'Folders'}</h3>
          {listing.status === 'loading' ? <p className="muted">Reading the folder…</p> : null}
          {listing.status === 'error' ? <ErrorBanner error={listing.error} /> : null}
          {shown && shown.folders.length === 0 ? <p className="muted">No sub-folders here.</p> : null}
          {shown ? (
            <ul>
              {shown.folders.map((folder) => (
                <li key={folder.path} className="folder-item">
                  <button type="button" className="folder-row" onClick={() => void browseFolder(folder.path)}>
                    <span aria-hidden="true">📁</span> <span className="folder-name">{folder.name}</span>
                    {folder.isCollection ? <span className="badge badge-collection">collection</span> : null}
                  </button>
                  {folder.isCollection ? (
                    <button
                      type="button"
                      className="small"
                      aria-label={`${chooseLabel} ${folder.name}`}
                      onClick={() => onChoose(folder.path)}
                    >
                      {chooseLabel}
                    </button>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </section>

        <div className="folder-picker-actions">
          {shown?.isCollection && chosenPath === shown.path ? (
            <span className="muted">This folder is a collection.</span>
          ) : null}
          <span className="spacer" />
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={chosenPath === ''} onClick={() => onChoose(chosenPath)}>
            {chooseLabel} this folder
          </button>
        </div>
      </div>
    </div>
  );
}
