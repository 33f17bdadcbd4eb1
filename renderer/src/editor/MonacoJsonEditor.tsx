import Editor, { type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import type { JsonEditorProps } from './json-editor-seam';
import { jsonDefaults, monaco } from './monaco-setup';

const modelPath = 'request.json';

/** Monaco with completion and validation from the method's input JSON Schema. */
export default function MonacoJsonEditor(props: JsonEditorProps) {
  const { schema, schemaKey, onSubmit } = props;
  // The editor's command is registered once; it calls whatever onSubmit is current.
  const submitRef = useRef(onSubmit);
  submitRef.current = onSubmit;

  useEffect(() => {
    jsonDefaults.setDiagnosticsOptions({
      validate: true,
      allowComments: false,
      enableSchemaRequest: false,
      schemas:
        schema === undefined
          ? []
          : [{ uri: `workbench://schemas/${schemaKey ?? 'request'}.json`, fileMatch: [modelPath], schema }],
    });
  }, [schema, schemaKey]);

  const onMount: OnMount = (editor) => {
    editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => submitRef.current());
  };

  return (
    <div className="monaco-host" aria-label={props.label} role="group">
      <Editor
        path={modelPath}
        language="json"
        value={props.value}
        theme={props.theme === 'dark' ? 'vs-dark' : 'vs'}
        onChange={(value) => props.onChange(value ?? '')}
        onMount={onMount}
        loading={<div className="muted">Loading editor…</div>}
        options={{
          minimap: { enabled: false },
          fontSize: 13,
          scrollBeyondLastLine: false,
          automaticLayout: true,
          tabSize: 2,
          ariaLabel: props.label,
          quickSuggestions: { strings: true, other: true, comments: false },
        }}
      />
    </div>
  );
}
