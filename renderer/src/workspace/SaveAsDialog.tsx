import { useState, type FormEvent } from 'react';
import type { CollectionTreeNode } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import type { OpenCollection } from '../collections/collections-slice';
import { ErrorBanner } from '../ui/ErrorBanner';
import { SelectField, TextField } from '../ui/fields';
import { Dialog } from './Dialog';

/** Every folder of a collection tree as a collection path (`` is the top), in tree order. */
function folderPaths(children: readonly CollectionTreeNode[]): string[] {
  return children.flatMap((node) => (node.type === 'folder' ? [node.path, ...folderPaths(node.children)] : []));
}

/** `Get a user` → `get-a-user`: a file name to start from. */
function fileNameFor(title: string): string {
  const slug = title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' || slug === 'untitled-request' ? 'new-request' : slug;
}

/** Save as: an open collection, a folder of it and a file name; the host's refusal is shown here, nothing typed lost. */
export function SaveAsDialog() {
  const open = useWorkbench((state) => state.saveAsOpen);
  return open ? <SaveAsForm /> : null;
}

function SaveAsForm() {
  const collections = useWorkbench((state) => state.openCollections);
  const tab = useWorkbench((state) => state.tabs.find((candidate) => candidate.id === state.activeTabId));
  const saveActiveTabAs = useWorkbench((state) => state.saveActiveTabAs);
  const closeSaveAs = useWorkbench((state) => state.closeSaveAs);
  const loaded = collections.filter(
    (collection): collection is OpenCollection & { tree: { status: 'loaded' } } => collection.tree.status === 'loaded',
  );
  const [root, setRoot] = useState(tab?.origin?.root ?? loaded[0]?.root ?? '');
  const [folder, setFolder] = useState('');
  const [name, setName] = useState(fileNameFor(tab?.title ?? ''));
  const [saving, setSaving] = useState(false);
  const collection = loaded.find((candidate) => candidate.root === root);
  const folders = collection ? ['', ...folderPaths(collection.tree.value.children)] : [''];

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    try {
      await saveActiveTabAs({ root, folder, name: name.trim() });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog title="Save request as" onCancel={closeSaveAs}>
      {loaded.length === 0 ? (
        <>
          <p>Open a collection in the sidebar first: the request is saved as a file of one of its folders.</p>
          <div className="dialog-actions">
            <button type="button" onClick={closeSaveAs}>
              Close
            </button>
          </div>
        </>
      ) : (
        <form className="save-as-form" onSubmit={(event) => void onSubmit(event)}>
          <SelectField
            label="Collection"
            value={root}
            options={loaded.map((candidate) => ({
              value: candidate.root,
              label: candidate.tree.value.collection?.name ?? candidate.root,
            }))}
            onChange={(next) => {
              setRoot(next);
              setFolder('');
            }}
          />
          <SelectField
            label="Folder"
            value={folder}
            options={folders.map((path) => ({ value: path, label: path === '' ? '(top of the collection)' : path }))}
            onChange={setFolder}
          />
          <TextField
            label="File name"
            value={name}
            onChange={setName}
            data-autofocus
            problem={name.trim() === '' ? 'Give the file a name (it is saved as NAME.grpc.yaml).' : undefined}
          />
          {tab?.saveError ? <ErrorBanner error={tab.saveError} /> : null}
          <div className="dialog-actions">
            <button type="button" onClick={closeSaveAs}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={saving || name.trim() === '' || !collection}>
              Save
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
