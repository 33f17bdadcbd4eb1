import { useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import type { EnvironmentFile } from '../../../shared/collections/collection';
import { ErrorBanner } from '../ui/ErrorBanner';
import { ColumnHeads } from '../ui/ColumnHeads';

interface Row {
  key: string;
  value: string;
}

/** The rows as an environment's `vars`, or the first problem (an empty or repeated name). */
export function rowsToVars(rows: readonly Row[]): { vars: Record<string, string> } | { problem: string } {
  const vars: Record<string, string> = {};
  for (const { key, value } of rows) {
    const name = key.trim();
    if (name === '' && value === '') continue;
    if (name === '') return { problem: `The variable with value "${value}" has no name.` };
    if (Object.hasOwn(vars, name)) return { problem: `"${name}" is defined twice.` };
    vars[name] = value;
  }
  return { vars };
}

/** Edits the chosen environment's variables and writes `environments/<id>.yaml` (secret values never go there). */
export function EnvironmentEditor({
  root,
  id,
  environment,
  onClose,
}: {
  root: string;
  id: string;
  environment: EnvironmentFile;
  onClose(): void;
}) {
  const saveEnvironment = useWorkbench((state) => state.saveEnvironment);
  const error = useWorkbench((state) => state.environmentsError);
  const dismiss = useWorkbench((state) => state.dismissEnvironmentsError);
  const [rows, setRows] = useState<Row[]>(() => [
    ...Object.entries(environment.vars ?? {}).map(([key, value]) => ({ key, value })),
    { key: '', value: '' },
  ]);
  const [saving, setSaving] = useState(false);
  const checked = rowsToVars(rows);
  const update = (index: number, patch: Partial<Row>) =>
    setRows(rows.map((row, at) => (at === index ? { ...row, ...patch } : row)));

  const save = async () => {
    if ('problem' in checked) return;
    const { vars: _previous, ...rest } = environment;
    setSaving(true);
    const saved = await saveEnvironment(
      root,
      id,
      Object.keys(checked.vars).length === 0 ? rest : { ...rest, vars: checked.vars },
    );
    setSaving(false);
    if (saved) onClose();
  };

  return (
    <section className="environment-panel floating-panel" role="dialog" aria-label={`Environment ${environment.name}`}>
      <header className="panel-header">
        <h2>Environment {environment.name}</h2>
        <span className="muted">environments/{id}.yaml</span>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close environment" onClick={onClose}>
          ×
        </button>
      </header>
      {error ? <ErrorBanner error={error} onDismiss={dismiss} /> : null}
      <table className="variables-table">
        <ColumnHeads columns={['Name', 'Value', { hidden: 'Remove' }]} />
        <tbody>
          {rows.map((row, index) => (
            <tr key={index}>
              <td>
                <input
                  aria-label={`Variable ${index + 1} name`}
                  value={row.key}
                  spellCheck={false}
                  onChange={(event) => update(index, { key: event.target.value })}
                />
              </td>
              <td>
                <input
                  aria-label={`Variable ${index + 1} value`}
                  value={row.value}
                  spellCheck={false}
                  onChange={(event) => update(index, { value: event.target.value })}
                />
              </td>
              <td>
                <button
                  type="button"
                  className="icon-button"
                  aria-label={`Remove variable ${index + 1}`}
                  onClick={() => setRows(rows.filter((_row, at) => at !== index))}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {environment.secrets?.length ? (
        <p className="muted">
          Secrets (values in the host’s secret store, set them in Variables): {environment.secrets.join(', ')}
        </p>
      ) : null}
      {'problem' in checked ? (
        <p className="field-problem" role="status">
          {checked.problem}
        </p>
      ) : null}
      <div className="field-row">
        <button type="button" onClick={() => setRows([...rows, { key: '', value: '' }])}>
          Add variable
        </button>
        <span className="spacer" />
        <button type="button" className="primary" disabled={'problem' in checked || saving} onClick={() => void save()}>
          {saving ? 'Saving…' : 'Save environment'}
        </button>
      </div>
    </section>
  );
}
