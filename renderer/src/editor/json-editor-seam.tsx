/**
 * The request editor is Monaco in the app and may be a plain textarea in tests (jsdom cannot run
 * Monaco). Components render `<JsonEditor>`; which implementation it is comes from this context.
 */
import { createContext, lazy, useContext, type ComponentType } from 'react';

export interface JsonEditorProps {
  value: string;
  onChange(value: string): void;
  /** Ctrl/Cmd+Enter inside the editor. */
  onSubmit(): void;
  /** JSON Schema of the message being edited, for completion and validation. */
  schema?: unknown;
  /** Names the schema (e.g. the method path) so switching methods swaps it. */
  schemaKey?: string;
  theme: 'light' | 'dark';
  label: string;
}

/** A plain textarea: what tests use, and what the app falls back to if Monaco fails to load. */
export function TextareaJsonEditor(props: JsonEditorProps) {
  return (
    <textarea
      className="textarea-editor"
      aria-label={props.label}
      spellCheck={false}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          event.stopPropagation();
          props.onSubmit();
        }
      }}
    />
  );
}

// Monaco is a few megabytes: it loads on first use so the first window is usable at once.
const LazyMonacoJsonEditor = lazy(() => import('./MonacoJsonEditor'));

const JsonEditorContext = createContext<ComponentType<JsonEditorProps>>(LazyMonacoJsonEditor);

export const JsonEditorProvider = JsonEditorContext.Provider;

export function JsonEditor(props: JsonEditorProps) {
  const Implementation = useContext(JsonEditorContext);
  return <Implementation {...props} />;
}
