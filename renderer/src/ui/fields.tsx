import { useId, type InputHTMLAttributes, type ReactNode } from 'react';
import type { SettingId } from '../../../shared/settings';

/** The setting a field edits (shared/settings.ts): an error naming it can take the user there (setting-field.ts). */
interface SettingProp {
  setting?: SettingId;
}

interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value'>, SettingProp {
  label: string;
  value: string;
  onChange(value: string): void;
  /** Shown under the field and tied to it with aria-describedby (e.g. a validation message). */
  problem?: string;
}

/** A labelled text input: the label names it for screen readers and tests alike. */
export function TextField({ label, value, onChange, problem, className, setting, ...rest }: TextFieldProps) {
  const id = useId();
  const problemId = `${id}-problem`;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={value}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={problem ? true : undefined}
        aria-describedby={problem ? problemId : undefined}
        data-setting={setting}
        onChange={(event) => onChange(event.target.value)}
        {...rest}
      />
      {problem ? (
        <span id={problemId} className="field-problem">
          {problem}
        </span>
      ) : null}
    </div>
  );
}

interface SelectFieldProps<T extends string> extends SettingProp {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
}

export function SelectField<T extends string>({ label, value, options, onChange, setting }: SelectFieldProps<T>) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} data-setting={setting} onChange={(event) => onChange(event.target.value as T)}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

interface TextAreaFieldProps extends SettingProp {
  label: string;
  value: string;
  onChange(value: string): void;
  placeholder?: string;
}

export function TextAreaField({ label, value, onChange, placeholder, setting }: TextAreaFieldProps) {
  const id = useId();
  return (
    <div className="field field-wide">
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        value={value}
        spellCheck={false}
        placeholder={placeholder}
        data-setting={setting}
        onChange={(event) => onChange(event.target.value)}
      />
    </div>
  );
}

export function CheckboxField({
  label,
  checked,
  onChange,
  setting,
}: SettingProp & {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
}) {
  const id = useId();
  return (
    <div className="field field-check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        data-setting={setting}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function FieldRow({ children }: { children: ReactNode }) {
  return <div className="field-row">{children}</div>;
}
