import { useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { FolderPicker } from '../ui/FolderPicker';
import { CollectionView } from './CollectionView';
import { UndoToast } from './UndoToast';

/** The open collections, each as its tree, and the door to open another. */
export function CollectionsSection() {
  const roots = useWorkbench((state) => state.openCollections.map((open) => open.root).join('\n'));
  const openCollection = useWorkbench((state) => state.openCollection);
  const error = useWorkbench((state) => state.collectionsError);
  const dismissError = useWorkbench((state) => state.dismissCollectionsError);
  const [picking, setPicking] = useState(false);

  return (
    <div className="collections-section">
      <div className="sidebar-toolbar">
        <button type="button" onClick={() => setPicking(true)}>
          Open collection…
        </button>
      </div>
      {error ? <ErrorBanner error={error} onDismiss={dismissError} /> : null}
      {roots === '' ? (
        <p className="muted sidebar-empty">
          No collection open. A collection is a folder of saved requests (<code>workbench.yaml</code>), kept in git.
        </p>
      ) : (
        roots.split('\n').map((root) => <CollectionView key={root} root={root} />)
      )}
      <UndoToast />
      {picking ? (
        <FolderPicker
          title="Open a collection"
          chooseLabel="Open"
          onClose={() => setPicking(false)}
          onChoose={(path) => {
            setPicking(false);
            void openCollection(path);
          }}
        />
      ) : null}
    </div>
  );
}
