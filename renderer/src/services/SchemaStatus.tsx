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
  const files = fileCount === 1 ? '1 file' : `${fileCount} files`;
  const serviceCount = schema.value.services.length;
  // The banner says only what is true of the tree below it: with no service left, nothing is available.
  const headline =
    serviceCount === 0
      ? `${files} could not be loaded, and no service is left to call.`
      : `${files} could not be loaded; the rest of the schema (${serviceCount === 1 ? '1 service' : `${serviceCount} services`}) is available.`;
  return (
    <div className="banner banner-warning" role="alert">
      <div className="banner-body">
        <strong>{headline}</strong>
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
