import type { FormEvent } from 'react';
import { useWorkbench } from '../app/WorkbenchContext';
import { ThemeToggle } from '../app/ThemeToggle';
import type { ChannelSettings } from '../../../shared/collections/request';
import { settingName, type SettingId } from '../../../shared/settings';
import type { TlsFields } from '../request/request-draft';
import { CheckboxField, FieldRow, SelectField, TextAreaField, TextField } from '../ui/fields';
import { SchemaStatus } from '../services/SchemaStatus';
import { ChannelStateBadge } from './ChannelStateBadge';
import { effectiveDraft } from '../environments/draft-variables';
import { selectDraftScope } from '../environments/environments-slice';
import { useUnresolvedFieldProblem } from '../environments/use-unresolved-field';
import type { SchemaSourceForm, SchemaSourceKind } from './connection-form';

const securityOptions = [
  { value: 'plaintext', label: 'Plaintext' },
  { value: 'tls', label: 'TLS' },
] as const;

const schemaSourceOptions: readonly { value: SchemaSourceKind; label: string }[] = [
  { value: 'reflection', label: 'Reflection' },
  { value: 'protoFiles', label: '.proto files' },
  { value: 'protoset', label: 'Protoset' },
];

const noTls: TlsFields = {};

/**
 * Target, transport security, schema source, Connect, and the live channel state. Target, TLS and
 * authority are the request draft's (a saved request holds them); the schema source is not.
 */
export function ConnectionBar() {
  const target = useWorkbench((state) => state.draft.target ?? '');
  // A collection request usually takes its target from the collection's defaults: say which, as typed there.
  const inheritedTarget = useWorkbench((state) =>
    state.draft.target ? undefined : effectiveDraft(state.draft, selectDraftScope(state)).target,
  );
  const authority = useWorkbench((state) => state.draft.authority ?? '');
  const security = useWorkbench((state) => state.draft.tls?.mode ?? 'plaintext');
  const tls = useWorkbench((state) => (state.draft.tls?.mode === 'tls' ? state.draft.tls : noTls));
  const sourceForm = useWorkbench((state) => state.schemaSourceForm);
  const setTarget = useWorkbench((state) => state.setTarget);
  const setSecurity = useWorkbench((state) => state.setSecurity);
  const updateTls = useWorkbench((state) => state.updateTls);
  const setAuthority = useWorkbench((state) => state.setAuthority);
  const updateSchemaSource = useWorkbench((state) => state.updateSchemaSource);
  const connect = useWorkbench((state) => state.connect);
  const loading = useWorkbench((state) => state.schema.status === 'loading');
  const targetProblem = useUnresolvedFieldProblem('Target');
  const authorityProblem = useUnresolvedFieldProblem('Authority');
  const setTlsText = (key: Exclude<keyof TlsFields, 'insecureSkipVerify'>) => (value: string) =>
    updateTls({ [key]: value });
  const setSource =
    <K extends keyof SchemaSourceForm>(key: K) =>
    (value: SchemaSourceForm[K]) =>
      updateSchemaSource({ [key]: value } as Partial<SchemaSourceForm>);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void connect();
  };

  return (
    <form className="connection-bar" onSubmit={onSubmit} aria-label="Connection">
      <FieldRow>
        <TextField
          label="Target"
          setting="target"
          className="field-target"
          value={target}
          onChange={setTarget}
          placeholder={inheritedTarget === undefined ? 'localhost:50051' : `${inheritedTarget} (collection default)`}
          problem={targetProblem}
        />
        <SelectField
          label="Security"
          setting="plaintext"
          value={security}
          options={securityOptions}
          onChange={setSecurity}
        />
        <SelectField
          label="Schema source"
          value={sourceForm.schemaSource}
          options={schemaSourceOptions}
          onChange={setSource('schemaSource')}
        />
        <button type="submit" className="primary" disabled={loading}>
          {loading ? 'Connecting…' : 'Connect'}
        </button>
        <ChannelStateBadge />
        <span className="spacer" />
        <ThemeToggle />
      </FieldRow>
      {security === 'tls' ? (
        <FieldRow>
          <TextField
            label="CA file"
            setting="caFile"
            value={tls.caFile ?? ''}
            onChange={setTlsText('caFile')}
            placeholder="system roots"
          />
          <TextField
            label="Client cert"
            setting="certFile"
            value={tls.certFile ?? ''}
            onChange={setTlsText('certFile')}
            placeholder="for mTLS"
          />
          <TextField
            label="Client key"
            setting="keyFile"
            value={tls.keyFile ?? ''}
            onChange={setTlsText('keyFile')}
            placeholder="for mTLS"
          />
          <TextField
            label="Server name"
            setting="serverName"
            value={tls.serverName ?? ''}
            onChange={setTlsText('serverName')}
            placeholder="from target"
          />
          <CheckboxField
            label="Skip verify"
            setting="insecureSkipVerify"
            checked={tls.insecureSkipVerify ?? false}
            onChange={(checked) => updateTls({ insecureSkipVerify: checked })}
          />
        </FieldRow>
      ) : null}
      <FieldRow>
        <TextField
          label="Authority"
          setting="authority"
          value={authority}
          onChange={setAuthority}
          placeholder=":authority override"
          problem={authorityProblem}
        />
        {sourceForm.schemaSource === 'protoFiles' ? (
          <>
            <TextAreaField
              label="Proto files"
              setting="protoFiles"
              value={sourceForm.protoFiles}
              onChange={setSource('protoFiles')}
              placeholder="user/v1/user.proto (files, directories, globs)"
            />
            <TextAreaField
              label="Import paths"
              setting="importPaths"
              value={sourceForm.importPaths}
              onChange={setSource('importPaths')}
              placeholder="protos (like protoc -I)"
            />
          </>
        ) : null}
        {sourceForm.schemaSource === 'protoset' ? (
          <TextAreaField
            label="Protoset files"
            setting="protosets"
            value={sourceForm.protosetFiles}
            onChange={setSource('protosetFiles')}
            placeholder="descriptors.protoset"
          />
        ) : null}
      </FieldRow>
      <ConnectionSettings />
      <SchemaStatus />
    </form>
  );
}

const compressionOptions = [
  { value: 'identity', label: 'None' },
  { value: 'gzip', label: 'gzip' },
] as const;

const noChannel: ChannelSettings = {};

/**
 * What the CLI's channel flags set (-max-msg-sz, -keepalive-time, -user-agent, -reflect-header…),
 * folded away until wanted; the summary counts the ones set so a changed default is never hidden.
 */
function ConnectionSettings() {
  const channel = useWorkbench((state) => state.draft.channel ?? noChannel);
  const compression = useWorkbench((state) => state.draft.compression ?? 'identity');
  const reflection = useWorkbench((state) => state.schemaSourceForm.schemaSource === 'reflection');
  const reflectionHeaders = useWorkbench((state) => state.schemaSourceForm.reflectionHeaders);
  const updateChannel = useWorkbench((state) => state.updateChannel);
  const setCompression = useWorkbench((state) => state.setCompression);
  const updateSchemaSource = useWorkbench((state) => state.updateSchemaSource);
  const setCount =
    Object.keys(channel).length + (compression === 'gzip' ? 1 : 0) + (reflectionHeaders.trim() === '' ? 0 : 1);
  const text = (key: keyof ChannelSettings) => ({
    value: channel[key] ?? '',
    onChange: (value: string) => updateChannel({ [key]: value }),
  });
  return (
    <details className="connection-settings">
      <summary>Connection settings{setCount > 0 ? ` (${setCount} set)` : ''}</summary>
      <FieldRow>
        <TextField {...field('maxReceiveMessageBytes')} placeholder="64MiB" {...text('maxReceiveSize')} />
        <TextField {...field('maxSendMessageBytes')} placeholder="64MiB" {...text('maxSendSize')} />
        <TextField {...field('keepaliveTimeMs')} placeholder="off, e.g. 30s" {...text('keepalive')} />
        <TextField {...field('connectTimeoutMs')} placeholder="none, e.g. 5s" {...text('connectTimeout')} />
        <TextField {...field('userAgent')} placeholder="grpc-workbench" {...text('userAgent')} />
        <SelectField
          {...field('compression')}
          value={compression}
          options={compressionOptions}
          onChange={setCompression}
        />
        {reflection ? (
          <TextAreaField
            {...field('reflectionHeaders')}
            value={reflectionHeaders}
            onChange={(value) => updateSchemaSource({ reflectionHeaders: value })}
            placeholder="authorization: Bearer … (reflection only)"
          />
        ) : null}
      </FieldRow>
    </details>
  );
}

/** A field named after the setting it edits, and marked with it (ui/setting-field.ts). */
const field = (setting: SettingId) => ({ label: settingName(setting, 'ui') ?? setting, setting });
