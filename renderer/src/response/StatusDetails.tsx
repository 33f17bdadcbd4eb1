import { JsonView } from './JsonView';

function detailType(detail: unknown): string {
  if (typeof detail === 'object' && detail !== null && '@type' in detail) {
    const type = String((detail as Record<string, unknown>)['@type']);
    return type.slice(type.lastIndexOf('/') + 1);
  }
  return 'detail';
}

/** The google.rpc.Status details of a failed call, one pretty-printed JSON block each. */
export function StatusDetails({ details }: { details: unknown[] }) {
  if (details.length === 0) return null;
  return (
    <section className="status-details" aria-label="Error details">
      <h3>Error details</h3>
      {details.map((detail, index) => (
        <div key={index} className="status-detail">
          <div className="detail-type">{detailType(detail)}</div>
          <JsonView value={detail} searchable={false} />
        </div>
      ))}
    </section>
  );
}
