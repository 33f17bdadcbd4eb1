import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';

/** Right under the connection bar: why loading failed, or which files had problems. */
export function SchemaStatus() {
  const schema = useWorkbench((state) => state.schema);
  if (schema.status === 'error') return <ErrorBanner error={schema.error} />;
  if (schema.status !== 'loaded' || schema.value.problems.length === 0) return null;
  const { problems } = schema.value;
  // One file can have several problems (e.g. two unresolved imports): the headline counts files.
  const fileCount = new Set(problems.map((problem) => problem.file)).size;
  return (
    <div className="banner banner-warning" role="alert">
      <div className="banner-body">
        <strong>
          {fileCount === 1 ? '1 file' : `${fileCount} files`} could not be loaded; the rest of the schema is available.
        </strong>
        <ul className="problem-list">
          {problems.map((problem, index) => (
            <li key={index}>
              <code>
                {problem.file}
                {problem.line !== undefined ? `:${problem.line}` : ''}
                {problem.column !== undefined ? `:${problem.column}` : ''}
              </code>
              : {problem.message}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
