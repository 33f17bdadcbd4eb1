import { Suspense } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { selectSelectedMethod } from '../services/services-slice';
import { selectRequestText } from './request-slice';
import { JsonEditor, TextareaJsonEditor } from '../editor/json-editor-seam';
import { parseDeadline } from './deadline';
import { kindLabels } from '../services/method-rows';
import { CallControls } from './CallControls';
import { ErrorBanner } from '../ui/ErrorBanner';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { TextField } from '../ui/fields';
import { MetadataTable } from './MetadataTable';
import { UnresolvedVariables } from '../environments/UnresolvedVariables';

/** The request of the selected method: JSON editor with schema, metadata, deadline, Send. */
export function RequestEditor() {
  const selected = useWorkbench(selectSelectedMethod);
  const description = useWorkbench((state) => state.description);
  const requestText = useWorkbench(selectRequestText);
  const setRequestText = useWorkbench((state) => state.setRequestText);
  const generateExample = useWorkbench((state) => state.generateExample);
  const submit = useWorkbench((state) => state.submit);
  const theme = useWorkbench((state) => state.theme);
  const descriptionNotice = useWorkbench((state) => state.descriptionNotice);
  const deadlineText = useWorkbench((state) => state.draft.deadline ?? '');
  const setDeadlineText = useWorkbench((state) => state.setDeadlineText);
  const deadline = parseDeadline(deadlineText);

  if (!selected) {
    return (
      <section className="request-editor empty-state" aria-label="Request">
        {/* A kept tab whose method the server no longer has says so (services-slice methodGone). */}
        {description.status === 'error' ? <ErrorBanner error={description.error} /> : null}
        <p className="muted">Pick a method in the service tree to build a request.</p>
      </section>
    );
  }

  const editorProps = {
    value: requestText,
    onChange: setRequestText,
    onSubmit: () => void submit(),
    schema: description.status === 'loaded' ? description.value.inputJsonSchema : undefined,
    schemaKey: selected.path,
    theme,
    label: 'Request message',
  };

  return (
    <section className="request-editor" aria-label="Request">
      <header className="panel-header">
        <h2 title={selected.path}>
          {selected.name} <span className={`kind-badge kind-${selected.kind}`}>{kindLabels[selected.kind]}</span>
        </h2>
        <span className="muted method-path">{selected.path}</span>
        <span className="spacer" />
        <button
          type="button"
          onClick={() => generateExample('minimal')}
          disabled={description.status !== 'loaded'}
          title="The required fields with realistic values"
        >
          Generate example
        </button>
        <button
          type="button"
          onClick={() => generateExample('full')}
          disabled={description.status !== 'loaded'}
          title="Every field of the message, to edit down"
        >
          Full template
        </button>
      </header>
      {description.status === 'error' ? <ErrorBanner error={description.error} /> : null}
      {descriptionNotice ? (
        <div className="banner banner-warning" role="status">
          <div className="banner-body">{descriptionNotice}</div>
        </div>
      ) : null}
      <div className="editor-area">
        <ErrorBoundary area="The JSON editor" fallback={<TextareaJsonEditor {...editorProps} />}>
          <Suspense fallback={<div className="muted editor-loading">Loading editor…</div>}>
            <JsonEditor {...editorProps} />
          </Suspense>
        </ErrorBoundary>
      </div>
      <MetadataTable />
      <div className="field-row">
        <TextField
          label="Deadline"
          setting="deadlineMs"
          value={deadlineText}
          onChange={setDeadlineText}
          placeholder="none (e.g. 5s)"
          problem={deadline.ok ? undefined : deadline.error.message}
        />
      </div>
      <UnresolvedVariables />
      <CallControls />
    </section>
  );
}
