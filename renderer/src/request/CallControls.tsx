import { useWorkbench } from '../app/WorkbenchContext';
import { canSendMore } from '../response/call-state';
import { selectSelectedMethod } from '../services/services-slice';

/**
 * Send; while a client/bidi stream accepts messages the primary action becomes Send message (it
 * never restarts the stream), beside End stream and Cancel.
 */
export function CallControls() {
  const hasMethod = useWorkbench((state) => selectSelectedMethod(state) !== undefined);
  const starting = useWorkbench((state) => state.starting);
  const call = useWorkbench((state) => state.call);
  const send = useWorkbench((state) => state.send);
  const endStream = useWorkbench((state) => state.endStream);
  const cancel = useWorkbench((state) => state.cancel);
  const open = call?.phase === 'open';
  const streaming = canSendMore(call);

  return (
    <div className="call-controls">
      {streaming ? (
        <>
          <button
            type="button"
            className="primary"
            onClick={() => void send()}
            title="Send the editor content on the open stream (Ctrl/Cmd+Enter)"
          >
            Send message
          </button>
          <button
            type="button"
            onClick={() => void endStream()}
            title="Half-close: tell the server no more messages will come"
          >
            End stream
          </button>
        </>
      ) : (
        <button
          type="button"
          className="primary"
          disabled={!hasMethod || starting}
          onClick={() => void send()}
          title={
            open
              ? 'Cancel the open call and start a new one (Ctrl/Cmd+Enter)'
              : 'Start a call with the editor content (Ctrl/Cmd+Enter)'
          }
        >
          Send
        </button>
      )}
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
      <span className="muted shortcut-hint">
        {streaming ? 'Ctrl/Cmd+Enter sends the next message' : 'Ctrl/Cmd+Enter sends'}
      </span>
    </div>
  );
}
