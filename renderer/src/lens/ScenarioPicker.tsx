import { useId } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';
import './lens.css';

/**
 * The demo lab's teaching scenarios, where the host runs the lab: picking one starts its own lab
 * and fills the target, the request and the burst form, so its load-balancing story is one Run
 * burst away (the README's CLI lines, without copying them).
 */
export function ScenarioPicker() {
  const scenarios = useWorkbench((state) => state.hostInfo?.lab?.scenarios);
  const scenario = useWorkbench((state) => state.scenario);
  const startScenario = useWorkbench((state) => state.startScenario);
  const selectId = useId();
  if (scenarios === undefined || scenarios.length === 0) return null;
  const chosen = scenario.status === 'loaded' ? scenario.value : undefined;
  return (
    <section className="lens-scenarios" aria-label="Lab scenarios">
      <label htmlFor={selectId}>Lab scenario</label>{' '}
      <select
        id={selectId}
        value={chosen?.name ?? ''}
        disabled={scenario.status === 'loading'}
        onChange={(event) => event.target.value !== '' && void startScenario(event.target.value)}
      >
        <option value="">Pick a scenario…</option>
        {scenarios.map((summary) => (
          <option key={summary.name} value={summary.name}>
            {summary.title}
          </option>
        ))}
      </select>
      {scenario.status === 'loading' ? <span className="muted"> Starting its lab…</span> : null}
      {chosen ? (
        <p className="lens-note">
          <strong>{chosen.title}.</strong> {chosen.description} Its lab runs at <code>{chosen.target}</code>; the burst
          form holds its settings: press Run burst.
        </p>
      ) : null}
      {scenario.status === 'error' ? <ErrorBanner error={scenario.error} /> : null}
    </section>
  );
}
