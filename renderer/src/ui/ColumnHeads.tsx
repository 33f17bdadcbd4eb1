/** A column that has no visible header (e.g. row actions), named for screen readers only. */
export interface HiddenColumn {
  hidden: string;
}

/** A table's header row: one column header per entry, in order. */
export function ColumnHeads({ columns }: { columns: readonly (string | HiddenColumn)[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.hidden} scope="col">
              <span className="visually-hidden">{column.hidden}</span>
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
