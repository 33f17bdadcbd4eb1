import { useMemo } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { unresolvedUses } from './draft-variables';
import { useDraftScope } from './use-draft-scope';

const reasons = {
  undefined: 'not defined',
  'missing-secret': 'secret has no value',
  'host-only': 'not resolvable here',
} as const;

/** Marks, before sending, every field that holds a `{{name}}` that cannot be resolved. */
export function UnresolvedVariables() {
  const draft = useWorkbench((state) => state.draft);
  const scope = useDraftScope();
  const unresolved = useMemo(() => unresolvedUses(draft, scope), [draft, scope]);
  if (unresolved.length === 0) return null;
  return (
    <div className="banner banner-warning unresolved-variables" role="status" aria-label="Unresolved variables">
      <div className="banner-body">
        <strong>Unresolved variables</strong> — Send will refuse until they resolve:
        <ul>
          {unresolved.map((use) => (
            <li key={`${use.field}:${use.ref.text}`}>
              {use.field}: <code>{use.ref.text}</code> <span className="muted">({reasons[use.reason]})</span>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
