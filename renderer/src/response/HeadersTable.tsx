import type { MetadataJson } from '../../../shared/api';

/** Received headers or trailers; a multi-valued key gets one row per value. */
export function HeadersTable({ title, metadata }: { title: string; metadata: MetadataJson | undefined }) {
  const rows = Object.entries(metadata ?? {}).flatMap(([key, values]) =>
    values.map((value, index) => ({ key, value, id: `${key}#${index}` })),
  );
  return (
    <section className="headers-table" aria-label={title}>
      <h3>
        {title} <span className="muted">{rows.length}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="muted">none</p>
      ) : (
        <table>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.key}</th>
                <td>
                  <code>{row.value}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
