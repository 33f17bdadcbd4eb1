import { useState } from 'react';
import type { WorkbenchErrorData } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { ErrorBanner } from '../ui/ErrorBanner';

/** Copy as grpcurl (to the clipboard, or a field to copy from when the page may not write it) and Paste a grpcurl command. */
export function GrpcurlActions() {
  const grpcurlCommand = useWorkbench((state) => state.grpcurlCommand);
  const [copied, setCopied] = useState<{ command: string; onClipboard: boolean }>();
  const [error, setError] = useState<WorkbenchErrorData>();
  const [pasting, setPasting] = useState(false);

  const copy = async () => {
    setError(undefined);
    const command = await grpcurlCommand();
    if (!command.ok) {
      setCopied(undefined);
      setError(command.error);
      return;
    }
    try {
      await navigator.clipboard.writeText(command.value);
      setCopied({ command: command.value, onClipboard: true });
    } catch {
      // No clipboard access (insecure origin, permission refused): show it to copy by hand.
      setCopied({ command: command.value, onClipboard: false });
    }
  };

  return (
    <div className="grpcurl-actions">
      <button type="button" onClick={() => void copy()}>
        Copy as grpcurl
      </button>
      <button type="button" onClick={() => setPasting(true)}>
        Paste grpcurl
      </button>
      {copied?.onClipboard ? (
        <span className="muted" role="status">
          Copied.
        </span>
      ) : null}
      {copied && !copied.onClipboard ? (
        <section className="environment-panel floating-panel" role="dialog" aria-label="grpcurl command">
          <p>The page may not write to the clipboard here; copy the command from this field:</p>
          <textarea
            aria-label="grpcurl command"
            readOnly
            rows={4}
            className="grpcurl-text"
            value={copied.command}
            onFocus={(event) => event.currentTarget.select()}
          />
          <button type="button" onClick={() => setCopied(undefined)}>
            Close
          </button>
        </section>
      ) : null}
      {error ? (
        <div className="environment-panel floating-panel">
          <ErrorBanner error={error} onDismiss={() => setError(undefined)} />
        </div>
      ) : null}
      {pasting ? <PasteGrpcurlDialog onClose={() => setPasting(false)} /> : null}
    </div>
  );
}

function PasteGrpcurlDialog({ onClose }: { onClose(): void }) {
  const pasteGrpcurl = useWorkbench((state) => state.pasteGrpcurl);
  const [command, setCommand] = useState('');
  const [error, setError] = useState<WorkbenchErrorData>();
  const open = async () => {
    const opened = await pasteGrpcurl(command);
    if (opened.ok) onClose();
    else setError(opened.error);
  };
  return (
    <section className="environment-panel floating-panel" role="dialog" aria-label="Paste a grpcurl command">
      <header className="panel-header">
        <h2>Paste a grpcurl command</h2>
        <span className="spacer" />
        <button type="button" className="icon-button" aria-label="Close paste" onClick={onClose}>
          ×
        </button>
      </header>
      <textarea
        aria-label="grpcurl command to open"
        className="grpcurl-text"
        rows={5}
        autoFocus
        spellCheck={false}
        value={command}
        placeholder={`grpcurl -plaintext -d '{"id":"u1"}' 127.0.0.1:50051 user.v1.UserService/GetUser`}
        onChange={(event) => setCommand(event.target.value)}
      />
      {error ? <ErrorBanner error={error} onDismiss={() => setError(undefined)} /> : null}
      <div className="field-row">
        <span className="spacer" />
        <button type="button" className="primary" disabled={command.trim() === ''} onClick={() => void open()}>
          Open in a tab
        </button>
      </div>
    </section>
  );
}
