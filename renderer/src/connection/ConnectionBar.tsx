import type { FormEvent } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import type { ConnectionForm, SchemaSourceKind } from './connection-form';
import { ChannelStateBadge } from './ChannelStateBadge';
import { CheckboxField, FieldRow, SelectField, TextAreaField, TextField } from '../ui/fields';
import { SchemaStatus } from '../services/SchemaStatus';
import { ThemeToggle } from '../app/ThemeToggle';

const securityOptions = [
  { value: 'plaintext', label: 'Plaintext' },
  { value: 'tls', label: 'TLS' },
] as const;

const schemaSourceOptions: readonly { value: SchemaSourceKind; label: string }[] = [
  { value: 'reflection', label: 'Reflection' },
  { value: 'protoFiles', label: '.proto files' },
  { value: 'protoset', label: 'Protoset' },
];

/** Target, transport security, schema source, Connect, and the live channel state. */
export function ConnectionBar() {
  const form = useWorkbench((state) => state.form);
  const updateForm = useWorkbench((state) => state.updateForm);
  const connect = useWorkbench((state) => state.connect);
  const loading = useWorkbench((state) => state.schema.status === 'loading');
  const set =
    <K extends keyof ConnectionForm>(key: K) =>
    (value: ConnectionForm[K]) =>
      updateForm({ [key]: value } as Partial<ConnectionForm>);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void connect();
  };

  return (
    <form className="connection-bar" onSubmit={onSubmit} aria-label="Connection">
      <FieldRow>
        <TextField
          label="Target"
          className="field-target"
          value={form.target}
          onChange={set('target')}
          placeholder="localhost:50051"
        />
        <SelectField label="Security" value={form.security} options={securityOptions} onChange={set('security')} />
        <SelectField
          label="Schema source"
          value={form.schemaSource}
          options={schemaSourceOptions}
          onChange={set('schemaSource')}
        />
        <button type="submit" className="primary" disabled={loading}>
          {loading ? 'Connecting…' : 'Connect'}
        </button>
        <ChannelStateBadge />
        <span className="spacer" />
        <ThemeToggle />
      </FieldRow>
      {form.security === 'tls' ? (
        <FieldRow>
          <TextField label="CA file" value={form.caFile} onChange={set('caFile')} placeholder="system roots" />
          <TextField label="Client cert" value={form.certFile} onChange={set('certFile')} placeholder="for mTLS" />
          <TextField label="Client key" value={form.keyFile} onChange={set('keyFile')} placeholder="for mTLS" />
          <TextField
            label="Server name"
            value={form.serverName}
            onChange={set('serverName')}
            placeholder="from target"
          />
          <CheckboxField label="Skip verify" checked={form.skipVerify} onChange={set('skipVerify')} />
        </FieldRow>
      ) : null}
      <FieldRow>
        <TextField
          label="Authority"
          value={form.authority}
          onChange={set('authority')}
          placeholder=":authority override"
        />
        {form.schemaSource === 'protoFiles' ? (
          <>
            <TextAreaField
              label="Proto files"
              value={form.protoFiles}
              onChange={set('protoFiles')}
              placeholder="user/v1/user.proto (files, directories, globs)"
            />
            <TextAreaField
              label="Import paths"
              value={form.importPaths}
              onChange={set('importPaths')}
              placeholder="protos (like protoc -I)"
            />
          </>
        ) : null}
        {form.schemaSource === 'protoset' ? (
          <TextAreaField
            label="Protoset files"
            value={form.protosetFiles}
            onChange={set('protosetFiles')}
            placeholder="descriptors.protoset"
          />
        ) : null}
      </FieldRow>
      <SchemaStatus />
    </form>
  );
}
