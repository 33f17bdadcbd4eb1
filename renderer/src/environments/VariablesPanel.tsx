import { useMemo, useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import { describeOrigin, variableUses, type VariableUse } from './draft-variables';
import { useDraftScope } from './use-draft-scope';
import { ColumnHeads } from '../ui/ColumnHeads';

const sourceLabels: Record<VariableUse['source'], string> = {
  environment: 'environment',
  'secret-environment-variable': 'secret, from the host’s environment variable',
  'secret-store': 'secret, in the host’s secret store',
  'host-environment': 'the host’s environment',
  missing: 'missing',
};

/** Every `{{name}}` the active request sends, where each use comes from and what it resolves to (secrets masked). */
export function VariablesPanel({ onClose }: { onClose(): void }) {
  const draft = useWorkbench((state) => state.draft);
  const error = useWorkbench((state) => state.environmentsError);
  const dismiss = useWorkbench((state) => state.dismissEnvironmentsError);
  const scope = useDraftScope();
  const uses = useMemo(() => variableUses(draft, scope), [draft, scope]);

  return (
    <section className="environment-panel floating-panel" role="dialog" aria-label="Variables">
      <header className="panel-header">
        <h2>Variables</h2>
        <span className="muted">
          {scope.environment ? `environment ${scope.environment}` : 'no environment chosen'}
        </span>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close variables" onClick={onClose}>
          ×
        </button>
      </header>
      {error ? <ErrorBanner error={error} onDismiss={dismiss} /> : null}
      {uses.length === 0 ? (
        <p className="muted">This request uses no variables.</p>
      ) : (
        <table className="variables-table">
          <ColumnHeads columns={['Variable', 'Used in', 'Value', 'From']} />
          <tbody>
            {uses.map((use) => (
              <tr key={use.ref.text} className={use.source === 'missing' ? 'variable-missing' : undefined}>
                <th scope="row">
                  <code>{use.ref.text}</code>
                </th>
                <td>
                  {use.uses.map((where) => (
                    <div key={where.field}>
                      {where.field} <span className="muted">({describeOrigin(where.origin)})</span>
                    </div>
                  ))}
                </td>
                <td>
                  {use.ref.kind === 'var' ? (
                    use.value !== undefined ? (
                      <code>{use.value}</code>
                    ) : (
                      <span className="field-problem">undefined</span>
                    )
                  ) : use.ref.kind === 'secret' ? (
                    <span aria-label="masked">•••</span>
                  ) : (
                    <span className="muted">resolved by the host</span>
                  )}
                </td>
                <td>
                  {sourceLabels[use.source]}
                  {use.ref.kind === 'secret' && scope.root !== undefined ? (
                    <SecretControls root={scope.root} name={use.ref.name} stored={use.source === 'secret-store'} />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Sets a secret's value in the host's store (never shown again, never written to the folder), or deletes it. */
function SecretControls({ root, name, stored }: { root: string; name: string; stored: boolean }) {
  const saveSecret = useWorkbench((state) => state.saveSecret);
  const removeSecret = useWorkbench((state) => state.removeSecret);
  const [value, setValue] = useState('');
  return (
    <form
      className="secret-controls"
      onSubmit={(event) => {
        event.preventDefault();
        void saveSecret(root, name, value).then((saved) => saved && setValue(''));
      }}
    >
      <input
        type="password"
        aria-label={`Value of secret ${name}`}
        autoComplete="off"
        value={value}
        placeholder="new value"
        onChange={(event) => setValue(event.target.value)}
      />
      <button type="submit" disabled={value === ''}>
        Set secret
      </button>
      {stored ? (
        <button type="button" onClick={() => void removeSecret(root, name)}>
          Delete
        </button>
      ) : null}
    </form>
  );
}
