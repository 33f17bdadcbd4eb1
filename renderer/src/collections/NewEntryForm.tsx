import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ServiceSummary } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import type { NewEntryPlace } from './tree-ui';

const noServices: ServiceSummary[] = [];

/**
 * The inline form for a new request (a name and a method: the active tab's method, or one of the
 * schema's) or a new folder (a name). Enter creates, Escape cancels.
 */
export function NewEntryForm({ root, place, onDone }: { root: string; place: NewEntryPlace; onDone(): void }) {
  const draftMethod = useWorkbench((state) => state.draft.method);
  const services = useWorkbench((state) =>
    state.schema.status === 'loaded' ? state.schema.value.services : noServices,
  );
  const methods = useMemo(
    () => services.flatMap((service) => service.methods.map((method) => method.path)),
    [services],
  );
  const createTreeRequest = useWorkbench((state) => state.createTreeRequest);
  const createTreeFolder = useWorkbench((state) => state.createTreeFolder);
  const [name, setName] = useState('');
  const [method, setMethod] = useState(draftMethod);
  const nameRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const isRequest = place.type === 'request';

  useEffect(() => nameRef.current?.focus(), []);

  const submit = async () => {
    const created = isRequest
      ? await createTreeRequest(root, place.folder, { name, method })
      : await createTreeFolder(root, place.folder, name);
    if (created !== undefined) onDone();
  };

  return (
    <form
      className="new-entry-form"
      aria-label={isRequest ? 'New request' : 'New folder'}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        onDone();
      }}
    >
      <label htmlFor={`${id}-name`}>{isRequest ? 'Request name' : 'Folder name'}</label>
      <input
        id={`${id}-name`}
        ref={nameRef}
        type="text"
        value={name}
        spellCheck={false}
        autoComplete="off"
        onChange={(event) => setName(event.target.value)}
      />
      {isRequest ? (
        <>
          <label htmlFor={`${id}-method`}>Method</label>
          <input
            id={`${id}-method`}
            type="text"
            value={method}
            list={`${id}-methods`}
            placeholder="package.Service/Method"
            spellCheck={false}
            autoComplete="off"
            onChange={(event) => setMethod(event.target.value)}
          />
          <datalist id={`${id}-methods`}>
            {methods.map((path) => (
              <option key={path} value={path} />
            ))}
          </datalist>
        </>
      ) : null}
      <div className="new-entry-actions">
        <button type="submit" className="primary small" disabled={name.trim() === '' || (isRequest && !method.trim())}>
          Create
        </button>
        <button type="button" className="small" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
