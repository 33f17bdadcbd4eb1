import { useEffect, useState } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { GrpcurlActions } from '../grpcurl/GrpcurlActions';
import { RunCollectionButton } from '../runs/RunCollectionButton';
import { SelectField } from '../ui/fields';
import { EnvironmentEditor } from './EnvironmentEditor';
import { selectActiveCollection } from './environments-slice';
import { VariablesPanel } from './VariablesPanel';
import './environments.css';

/**
 * The header's collection tools for the active tab: its collection's environment picker, the
 * Variables view, editing the chosen environment, running the collection, and grpcurl in and out.
 */
export function EnvironmentBar() {
  const open = useWorkbench(selectActiveCollection);
  const chooseEnvironment = useWorkbench((state) => state.chooseEnvironment);
  const loadSecretStatus = useWorkbench((state) => state.loadSecretStatus);
  const [panel, setPanel] = useState<'variables' | 'edit'>();
  const root = open?.tree.status === 'loaded' ? open.root : undefined;

  useEffect(() => {
    if (root !== undefined) void loadSecretStatus(root);
  }, [root, loadSecretStatus]);

  const environments = open?.tree.status === 'loaded' ? open.tree.value.environments : [];
  const options = [
    { value: '', label: 'No environment' },
    ...environments.map((entry) => ({
      value: entry.id,
      label: entry.problem ? `${entry.id} (does not parse)` : (entry.environment?.name ?? entry.id),
    })),
  ];
  const chosen = environments.find((entry) => entry.id === open?.environment);

  return (
    <div className="environment-bar" role="group" aria-label="Collection tools">
      {root !== undefined && open ? (
        <>
          <span className="environment-bar__collection" title={root}>
            {open.tree.status === 'loaded' ? (open.tree.value.collection?.name ?? root) : root}
          </span>
          <SelectField
            label="Environment"
            value={open.environment ?? ''}
            options={options}
            onChange={(id) => chooseEnvironment(root, id === '' ? undefined : id)}
          />
          <button type="button" onClick={() => setPanel(panel === 'variables' ? undefined : 'variables')}>
            Variables
          </button>
          <button
            type="button"
            disabled={chosen?.environment === undefined}
            title={chosen?.problem ? chosen.problem.message : undefined}
            onClick={() => setPanel(panel === 'edit' ? undefined : 'edit')}
          >
            Edit environment
          </button>
          <RunCollectionButton root={root} {...(open.environment === undefined ? {} : { env: open.environment })} />
        </>
      ) : (
        <span className="muted">Not in a collection: no environment</span>
      )}
      <GrpcurlActions />
      {panel === 'variables' ? <VariablesPanel onClose={() => setPanel(undefined)} /> : null}
      {panel === 'edit' && root !== undefined && chosen?.environment ? (
        <EnvironmentEditor
          key={`${root}#${chosen.id}`}
          root={root}
          id={chosen.id}
          environment={chosen.environment}
          onClose={() => setPanel(undefined)}
        />
      ) : null}
    </div>
  );
}
