import { useWorkbench } from '../WorkbenchContext';
import { canSendMore } from '../state/callState';

/** Send, and for an open stream: Send message, End stream, Cancel. */
export function CallControls() {
  const hasMethod = useWorkbench((state) => state.selected !== undefined);
  const starting = useWorkbench((state) => state.starting);
  const call = useWorkbench((state) => state.call);
  const send = useWorkbench((state) => state.send);
  const sendMessage = useWorkbench((state) => state.sendMessage);
  const endStream = useWorkbench((state) => state.endStream);
  const cancel = useWorkbench((state) => state.cancel);
  const open = call?.phase === 'open';
  const streaming = canSendMore(call);

  return (
    <div className="call-controls">
      <button type="button" className="primary" disabled={!hasMethod || starting} onClick={() => void send()} title="Start a new call (Ctrl/Cmd+Enter)">
        Send
      </button>
      {streaming ? (
        <>
          <button type="button" onClick={() => void sendMessage()} title="Send the editor content on the open stream (Ctrl/Cmd+Enter)">
            Send message
          </button>
          <button type="button" onClick={() => void endStream()} title="Half-close: tell the server no more messages will come">
            End stream
          </button>
        </>
      ) : null}
      {open ? (
        <button type="button" className="danger" onClick={() => void cancel()}>
          Cancel
        </button>
      ) : null}
      {call && (call.kind === 'client_streaming' || call.kind === 'bidi_streaming') ? (
        <span className="muted" aria-live="polite">
          {call.sentTotal} sent{call.halfClosed ? ', stream ended' : ''}
        </span>
      ) : null}
      <span className="muted shortcut-hint">{streaming ? 'Ctrl/Cmd+Enter sends a message' : 'Ctrl/Cmd+Enter sends'}</span>
    </div>
  );
}
