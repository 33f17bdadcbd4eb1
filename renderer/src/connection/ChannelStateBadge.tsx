import { useWorkbench } from '../app/WorkbenchContext';
import { selectChannel } from './channels-slice';

const stateTitles: Record<string, string> = {
  IDLE: 'Idle: no connection yet; the first call connects.',
  CONNECTING: 'Connecting to the target.',
  READY: 'Connected and ready for calls.',
  TRANSIENT_FAILURE: 'The last connection attempt failed; grpc-js retries with backoff.',
  SHUTDOWN: 'The channel was closed.',
};

/** The live connectivity state of the channel to the target, from watchChannel events. */
export function ChannelStateBadge() {
  const connection = useWorkbench((state) => state.connection);
  const channel = useWorkbench(selectChannel(connection));
  const hostLost = useWorkbench((state) => state.hostLost);
  if (!connection) return null;
  // The last state the host sent says nothing once the host itself is gone.
  if (hostLost !== undefined) {
    return (
      <span
        className="badge badge-muted"
        data-testid="channel-state"
        title={`The workbench host is gone (${hostLost}).`}
      >
        no host
      </span>
    );
  }
  if (channel?.error) {
    return (
      <span
        className="badge badge-muted"
        data-testid="channel-state"
        title={`Channel state unavailable: ${channel.error.message}`}
      >
        state unknown
      </span>
    );
  }
  const state = channel?.snapshot?.state ?? 'CONNECTING';
  return (
    <span
      className={`badge channel-${state.toLowerCase()}`}
      data-testid="channel-state"
      title={stateTitles[state]}
      aria-label={`Channel state ${state}`}
    >
      {state}
    </span>
  );
}
