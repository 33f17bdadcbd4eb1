import { useEffect, useId, useState } from 'react';
import type { LbPolicy } from '../../../shared/api';
import type { SettingId } from '../../../shared/settings';
import type { BurstSettings } from './burst-settings';

interface Props {
  settings: BurstSettings;
  onChange(settings: BurstSettings): void;
  disabled: boolean;
}

/**
 * A number input that lets the user clear it and type: the text is its own state, and only a valid
 * number (≥ min) is reported; leaving the field with anything else restores the last valid value.
 */
function NumberField({
  id,
  value,
  min,
  onChange,
  setting,
}: {
  id: string;
  value: number;
  min: number;
  onChange(value: number): void;
  /** The setting it edits (ui/setting-field.ts). */
  setting: SettingId;
}) {
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  return (
    <input
      id={id}
      type="number"
      min={min}
      value={text}
      data-setting={setting}
      onChange={(e) => {
        setText(e.target.value);
        const parsed = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isInteger(parsed) && parsed >= min) onChange(parsed);
      }}
      onBlur={() => setText(String(value))}
    />
  );
}

/** The burst's knobs; every input has a visible label. */
export function BurstSettingsForm({ settings, onChange, disabled }: Props) {
  const id = useId();
  const set = <K extends keyof BurstSettings>(key: K, value: BurstSettings[K]) =>
    onChange({ ...settings, [key]: value });
  return (
    <fieldset className="lens-settings" disabled={disabled}>
      <legend>Burst</legend>
      <div className="lens-field">
        <label htmlFor={`${id}-total`}>Calls</label>
        <NumberField
          id={`${id}-total`}
          setting="total"
          min={1}
          value={settings.total}
          onChange={(value) => set('total', value)}
        />
      </div>
      <div className="lens-field">
        <label htmlFor={`${id}-concurrency`}>Concurrency</label>
        <NumberField
          id={`${id}-concurrency`}
          setting="concurrency"
          min={1}
          value={settings.concurrency}
          onChange={(value) => set('concurrency', value)}
        />
      </div>
      <div className="lens-field">
        <label htmlFor={`${id}-connections`}>Connections</label>
        <select
          id={`${id}-connections`}
          data-setting="connections"
          value={settings.connections}
          onChange={(e) => set('connections', e.target.value as BurstSettings['connections'])}
        >
          <option value="shared">One shared channel</option>
          <option value="per-call">A new channel per call</option>
          <option value="k">K channels</option>
        </select>
      </div>
      {settings.connections === 'k' ? (
        <div className="lens-field">
          <label htmlFor={`${id}-k`}>Channels (K)</label>
          <NumberField
            id={`${id}-k`}
            setting="connections"
            min={1}
            value={settings.channelCount}
            onChange={(value) => set('channelCount', value)}
          />
        </div>
      ) : null}
      <div className="lens-field">
        <label htmlFor={`${id}-lb`}>Load balancing</label>
        <select
          id={`${id}-lb`}
          data-setting="lbPolicy"
          value={settings.lbPolicy}
          onChange={(e) => set('lbPolicy', e.target.value as LbPolicy)}
        >
          <option value="pick_first">pick_first</option>
          <option value="round_robin">round_robin</option>
        </select>
      </div>
      <div className="lens-field">
        <label htmlFor={`${id}-rate`}>Rate limit (calls/s, 0 = none)</label>
        <NumberField
          id={`${id}-rate`}
          setting="ratePerSecond"
          min={0}
          value={settings.ratePerSecond}
          onChange={(value) => set('ratePerSecond', value)}
        />
      </div>
      <div className="lens-field">
        <label htmlFor={`${id}-duration`}>Duration (s, 0 = until all calls are made)</label>
        <NumberField
          id={`${id}-duration`}
          setting="durationMs"
          min={0}
          value={settings.durationSec}
          onChange={(value) => set('durationSec', value)}
        />
      </div>
      <div className="lens-field lens-field--wide">
        <label htmlFor={`${id}-key`}>Backend key (header/trailer; empty = peer address)</label>
        <input
          id={`${id}-key`}
          data-setting="backendKey"
          type="text"
          placeholder="x-backend"
          value={settings.backendKey}
          onChange={(e) => set('backendKey', e.target.value)}
        />
      </div>
      <div className="lens-field lens-field--wide">
        <label htmlFor={`${id}-known`}>Known backends (comma or newline separated)</label>
        <textarea
          id={`${id}-known`}
          data-setting="knownBackends"
          rows={3}
          placeholder={'10.1.0.7:50051\n10.1.0.8:50051'}
          value={settings.knownBackendsText}
          onChange={(e) => set('knownBackendsText', e.target.value)}
        />
      </div>
    </fieldset>
  );
}
