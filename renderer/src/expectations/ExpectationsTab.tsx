import { useMemo, useState } from 'react';
import { evaluateExpectations } from '../../../shared/collections/expectations';
import type { Expectations } from '../../../shared/collections/request';
import { useWorkbench } from '../app/WorkbenchContext';
import { withEnvironmentVariables } from '../environments/draft-variables';
import { useDraftScope } from '../environments/use-draft-scope';
import { TextAreaField, TextField } from '../ui/fields';
import { outcomeOfCall } from './call-outcome';
import {
  expectationsToYaml,
  withExpectText,
  withLb,
  withMap,
  withMessageCount,
  withPartialMessage,
  yamlToExpectations,
  type MapKey,
} from './expectations-form';
import './expectations.css';
import { ColumnHeads } from '../ui/ColumnHeads';

type View = 'form' | 'yaml';

/**
 * The request's `expect`, edited as a form for the common checks or as YAML (both edit the same
 * value), and — after a send — each check passed or failed with expected vs actual.
 */
export function ExpectationsTab() {
  const expect = useWorkbench((state) => state.draft.expect);
  const setExpectations = useWorkbench((state) => state.setExpectations);
  const forgetYaml = useWorkbench((state) => state.forgetExpectationsYaml);
  const [view, setView] = useState<View>('form');
  const change = (next: Expectations | undefined) => {
    setExpectations(next);
    forgetYaml();
  };
  return (
    <section className="expectations" aria-label="Expectations">
      <div className="expectations__views" role="radiogroup" aria-label="Edit as">
        {(['form', 'yaml'] as const).map((id) => (
          <label key={id}>
            <input type="radio" name="expectations-view" checked={view === id} onChange={() => setView(id)} />
            {id === 'form' ? 'Form' : 'YAML'}
          </label>
        ))}
      </div>
      {view === 'form' ? <ExpectationsForm expect={expect} onChange={change} /> : <ExpectationsYamlEditor />}
      <ExpectationResults />
    </section>
  );
}

function ExpectationsForm({
  expect,
  onChange,
}: {
  expect: Expectations | undefined;
  onChange(next: Expectations | undefined): void;
}) {
  const count = expect?.messages?.count;
  const lb = expect?.lb;
  return (
    <div className="expectations__form">
      <div className="field-row">
        <TextField
          label="Status"
          value={expect?.status === undefined ? '' : String(expect.status)}
          placeholder="OK (default)"
          onChange={(text) => onChange(withExpectText(expect, 'status', text))}
        />
        <TextField
          label="Messages count"
          value={typeof count === 'number' ? String(count) : ''}
          placeholder={typeof count === 'object' ? 'a range (edit in YAML)' : 'any'}
          problem={typeof count === 'number' && !Number.isInteger(count) ? 'a whole number' : undefined}
          onChange={(text) => onChange(withMessageCount(expect, text))}
        />
        <TextField
          label="Within"
          value={expect?.within ?? ''}
          placeholder="e.g. 500ms"
          onChange={(text) => onChange(withExpectText(expect, 'within', text))}
        />
      </div>
      <TextAreaField
        label="Message partial (JSON)"
        value={expect?.message?.partial ?? ''}
        placeholder='{"name": "Ada"}'
        onChange={(text) => onChange(withPartialMessage(expect, text))}
      />
      <MapRows label="Headers" valueLabel="value" mapKey="headers" expect={expect} onChange={onChange} />
      <MapRows label="Trailers" valueLabel="value" mapKey="trailers" expect={expect} onChange={onChange} />
      <MapRows label="Capture" valueLabel="JSONPath" mapKey="capture" expect={expect} onChange={onChange} />
      <fieldset className="expectations__lb">
        <legend>Load balancing (a burst, checked in runs)</legend>
        <div className="field-row">
          <TextField
            label="Calls"
            value={lb ? String(lb.calls) : ''}
            placeholder="none"
            problem={lb && lb.calls < 1 ? 'at least 1' : undefined}
            onChange={(text) => onChange(withLb(expect, lbWith(lb, { calls: wholeOr(text, 0) })))}
          />
          <TextField
            label="Concurrency"
            value={lb ? String(lb.concurrency) : ''}
            placeholder="none"
            problem={lb && lb.concurrency < 1 ? 'at least 1' : undefined}
            onChange={(text) => onChange(withLb(expect, lbWith(lb, { concurrency: wholeOr(text, 0) })))}
          />
          <TextField
            label="Distinct backends at least"
            value={lb?.distinctBackends ? String(lb.distinctBackends.min) : ''}
            placeholder="any"
            onChange={(text) => {
              const { distinctBackends: _previous, ...rest } = lbWith(lb, {}) ?? { calls: 0, concurrency: 0 };
              onChange(
                withLb(expect, text.trim() === '' ? rest : { ...rest, distinctBackends: { min: wholeOr(text, 0) } }),
              );
            }}
          />
          <label className="field">
            <span>Verdict</span>
            <select
              aria-label="Verdict"
              value={lb?.verdict ?? ''}
              onChange={(event) => {
                const { verdict: _previous, ...rest } = lbWith(lb, {}) ?? { calls: 0, concurrency: 0 };
                const verdict = event.target.value as '' | 'balanced' | 'pinned' | 'skewed';
                onChange(withLb(expect, verdict === '' ? rest : { ...rest, verdict }));
              }}
            >
              <option value="">any</option>
              <option value="balanced">balanced</option>
              <option value="pinned">pinned</option>
              <option value="skewed">skewed</option>
            </select>
          </label>
          {lb ? (
            <button type="button" onClick={() => onChange(withLb(expect, undefined))}>
              Remove lb check
            </button>
          ) : null}
        </div>
      </fieldset>
    </div>
  );
}

type Lb = NonNullable<Expectations['lb']>;

function lbWith(lb: Lb | undefined, patch: Partial<Lb>): Lb {
  return { calls: 0, concurrency: 0, ...lb, ...patch };
}

function wholeOr(text: string, fallback: number): number {
  const value = Number(text.trim());
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}

/** A name → text map of `expect` as rows; checks the form cannot show (matches, exists) stay for YAML. */
function MapRows({
  label,
  valueLabel,
  mapKey,
  expect,
  onChange,
}: {
  label: string;
  valueLabel: string;
  mapKey: MapKey;
  expect: Expectations | undefined;
  onChange(next: Expectations | undefined): void;
}) {
  const map: Record<string, unknown> = expect?.[mapKey] ?? {};
  const rows = Object.entries(map).flatMap(([name, value]) => (typeof value === 'string' ? [{ name, value }] : []));
  const others = Object.keys(map).filter((name) => typeof map[name] !== 'string');
  const [draftRow, setDraftRow] = useState({ name: '', value: '' });
  const commit = (next: { name: string; value: string }[]) => onChange(withMap(expect, mapKey, next));
  return (
    <fieldset className="expectations__map">
      <legend>{label}</legend>
      {rows.map((row, index) => (
        <div className="field-row" key={row.name}>
          <input
            aria-label={`${label} ${index + 1} name`}
            value={row.name}
            onChange={(event) => commit(rows.map((r, at) => (at === index ? { ...r, name: event.target.value } : r)))}
          />
          <input
            aria-label={`${label} ${index + 1} ${valueLabel}`}
            value={row.value}
            onChange={(event) => commit(rows.map((r, at) => (at === index ? { ...r, value: event.target.value } : r)))}
          />
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${label} ${row.name}`}
            onClick={() => commit(rows.filter((_r, at) => at !== index))}
          >
            ×
          </button>
        </div>
      ))}
      <div className="field-row">
        <input
          aria-label={`New ${label} name`}
          placeholder="name"
          value={draftRow.name}
          onChange={(event) => setDraftRow({ ...draftRow, name: event.target.value })}
        />
        <input
          aria-label={`New ${label} ${valueLabel}`}
          placeholder={valueLabel}
          value={draftRow.value}
          onChange={(event) => setDraftRow({ ...draftRow, value: event.target.value })}
        />
        <button
          type="button"
          disabled={draftRow.name.trim() === ''}
          onClick={() => {
            commit([...rows, draftRow]);
            setDraftRow({ name: '', value: '' });
          }}
        >
          Add
        </button>
      </div>
      {others.length > 0 ? <p className="muted">Also (edit in YAML): {others.join(', ')}</p> : null}
    </fieldset>
  );
}

function ExpectationsYamlEditor() {
  const expect = useWorkbench((state) => state.draft.expect);
  const activeTabId = useWorkbench((state) => state.activeTabId);
  const typed = useWorkbench((state) => state.expectationsYaml);
  const editYaml = useWorkbench((state) => state.editExpectationsYaml);
  const own = typed?.tabId === activeTabId ? typed : undefined;
  const text = own?.text ?? expectationsToYaml(expect);
  return (
    <div className="expectations__yaml">
      <label htmlFor="expectations-yaml">expect (YAML)</label>
      <textarea
        id="expectations-yaml"
        rows={12}
        spellCheck={false}
        value={text}
        aria-invalid={own?.error ? true : undefined}
        aria-describedby={own?.error ? 'expectations-yaml-problem' : undefined}
        placeholder={'status: OK\nmessage:\n  partial: \'{"id": "u1"}\''}
        onChange={(event) => editYaml(event.target.value, yamlToExpectations(event.target.value))}
      />
      {own?.error ? (
        <p id="expectations-yaml-problem" className="field-problem" role="alert">
          Not applied: {own.error}
        </p>
      ) : null}
    </div>
  );
}

/** Each check against the last finished call, passed or failed, expected vs actual. */
function ExpectationResults() {
  const expect = useWorkbench((state) => state.draft.expect);
  const call = useWorkbench((state) => state.call);
  const scope = useDraftScope();
  const ended = useMemo(() => outcomeOfCall(call), [call]);
  // Checked as a run checks them: with the environment's variables resolved.
  const results = useMemo(
    () => (ended ? evaluateExpectations(withEnvironmentVariables(expect, scope), ended.outcome).results : undefined),
    [ended, expect, scope],
  );
  if (!results) return <p className="muted">Send the request to check its expectations.</p>;
  return (
    <div className="expectation-results">
      <h3>
        Last call: {results.filter((result) => result.passed).length} of {results.length} passed
      </h3>
      {ended?.truncated ? (
        <p className="muted">Messages fell out of the view’s window: message checks saw only the last ones.</p>
      ) : null}
      <table className="variables-table" aria-label="Expectation results">
        <ColumnHeads columns={['Check', 'Result', 'Expected', 'Actual']} />
        <tbody>
          {results.map((result) => (
            <tr key={result.check} className={result.passed ? 'expectation-passed' : 'expectation-failed'}>
              <th scope="row">{result.check}</th>
              <td>{result.passed ? 'passed' : 'failed'}</td>
              <td>
                <code>{result.expected}</code>
              </td>
              <td>
                <code>{result.actual}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {expect?.lb ? <p className="muted">The lb check runs a burst: it is checked in collection runs.</p> : null}
    </div>
  );
}
