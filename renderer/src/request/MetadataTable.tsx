import { useMemo } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { checkMetadataRows } from './metadata-rows';
import { ColumnHeads } from '../ui/ColumnHeads';

/** Request metadata as key/value rows; `-bin` keys take base64; each bad row says what is wrong. */
export function MetadataTable() {
  const rows = useWorkbench((state) => state.requestUi.metadataRows);
  const updateRow = useWorkbench((state) => state.updateMetadataRow);
  const addRow = useWorkbench((state) => state.addMetadataRow);
  const removeRow = useWorkbench((state) => state.removeMetadataRow);
  const { problems } = useMemo(() => checkMetadataRows(rows), [rows]);

  return (
    <fieldset className="metadata-table">
      <legend>Metadata</legend>
      <table>
        <ColumnHeads columns={['Key', 'Value', { hidden: 'Actions' }]} />
        <tbody>
          {rows.map((row, index) => {
            const problem = problems.get(row.id);
            return (
              <tr key={row.id}>
                <td>
                  <input
                    type="text"
                    aria-label={`Metadata key ${index + 1}`}
                    placeholder="authorization"
                    value={row.key}
                    spellCheck={false}
                    aria-invalid={problem ? true : undefined}
                    onChange={(event) => updateRow(row.id, { key: event.target.value })}
                  />
                  {problem ? <div className="field-problem">{problem}</div> : null}
                </td>
                <td>
                  <input
                    type="text"
                    aria-label={`Metadata value ${index + 1}`}
                    placeholder={row.key.endsWith('-bin') ? 'base64' : 'value'}
                    value={row.value}
                    spellCheck={false}
                    onChange={(event) => updateRow(row.id, { value: event.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove metadata row ${index + 1}`}
                    onClick={() => removeRow(row.id)}
                  >
                    ×
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <button type="button" onClick={addRow}>
        Add metadata
      </button>
    </fieldset>
  );
}
