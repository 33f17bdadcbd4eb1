import { useMemo } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { unresolvedUses } from './draft-variables';
import { useDraftScope } from './use-draft-scope';

/** A field's problem text when it holds a `{{name}}` that cannot be resolved (for a TextField's `problem`). */
export function useUnresolvedFieldProblem(field: string): string | undefined {
  const draft = useWorkbench((state) => state.draft);
  const scope = useDraftScope();
  return useMemo(() => {
    const names = unresolvedUses(draft, scope)
      .filter((use) => use.field === field)
      .map((use) => use.ref.text);
    return names.length === 0 ? undefined : `Unresolved: ${[...new Set(names)].join(', ')}`;
  }, [draft, scope, field]);
}
