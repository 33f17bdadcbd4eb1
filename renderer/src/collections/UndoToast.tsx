import { useWorkbench } from '../app/WorkbenchContext';

/** "Deleted X — Undo", for as long as the slice keeps the deleted entry. */
export function UndoToast() {
  const notice = useWorkbench((state) => state.collectionNotice);
  const undo = useWorkbench((state) => state.undoTreeDelete);
  const dismiss = useWorkbench((state) => state.dismissCollectionNotice);
  if (notice === undefined) return null;
  return (
    <div className="undo-toast" role="status">
      <span className="undo-toast-message">{notice.message}</span>
      {notice.undoable ? (
        <button type="button" className="small" onClick={() => void undo()}>
          Undo
        </button>
      ) : null}
      <button type="button" className="icon-button" aria-label="Dismiss" onClick={dismiss}>
        ×
      </button>
    </div>
  );
}
