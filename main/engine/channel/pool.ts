import { Client, connectivityState, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import type { ConnectionOptions, ConnectivityStateName } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import { buildChannelOptions, type ChannelTuning } from './channel-options';
import { checkTargetSyntax } from './target-syntax';
import { createChannelCredentials } from './credentials';
import { channelPoolKey } from './pool-key';

/** How long an unused channel stays open, so back-to-back calls reuse its connection. */
const DEFAULT_IDLE_CLOSE_MS = 5_000;
/** State changes kept per channel for the channel view; older ones are dropped. */
const TIMELINE_LIMIT = 200;

export type StateListener = (state: ConnectivityStateName) => void;

/** A counted use of a pooled channel. Release it when done; the channel closes once nobody uses it. */
export interface ChannelLease {
  readonly key: string;
  readonly target: string;
  /** grpc-js client on the channel: make*Request and getChannel(). */
  readonly client: Client;
  state(): ConnectivityStateName;
  /** Every connectivity state change we saw, oldest first (bounded). */
  timeline(): readonly { state: ConnectivityStateName; at: number }[];
  /** Called on each state change until the returned function is called or the channel closes. */
  onStateChange(listener: StateListener): () => void;
  /** Idempotent. */
  release(): void;
}

interface PoolEntry {
  key: string;
  target: string;
  refs: number;
  client: Promise<Client>;
  idleTimer?: NodeJS.Timeout;
  listeners: Set<StateListener>;
  timeline: { state: ConnectivityStateName; at: number }[];
  closed: boolean;
}

/**
 * Channels pooled by their whole ConnectionOptions (+ tuning): equal options share one channel and
 * so its connections; any difference — including `channelKey` — gives a distinct channel.
 */
export class ChannelPool {
  private readonly entries = new Map<string, PoolEntry>();
  private readonly idleCloseMs: number;

  constructor(options: { idleCloseMs?: number } = {}) {
    this.idleCloseMs = options.idleCloseMs ?? DEFAULT_IDLE_CLOSE_MS;
  }

  /** Open channels (including ones waiting out their idle grace period). */
  get size(): number {
    return this.entries.size;
  }

  async acquire(connection: ConnectionOptions, tuning: ChannelTuning = {}): Promise<ChannelLease> {
    const key = channelPoolKey(connection, tuning);
    let entry = this.entries.get(key);
    if (entry === undefined) {
      entry = this.createEntry(key, connection, tuning);
      this.entries.set(key, entry);
    }
    entry.refs += 1;
    if (entry.idleTimer !== undefined) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = undefined;
    }
    let client: Client;
    try {
      client = await entry.client;
    } catch (error) {
      entry.refs -= 1;
      if (this.entries.get(key) === entry) this.entries.delete(key);
      throw error;
    }
    return this.lease(entry, client);
  }

  /** Closes every channel now, leased or not (shutdown). */
  closeAll(): void {
    for (const entry of [...this.entries.values()]) this.close(entry);
  }

  private createEntry(key: string, connection: ConnectionOptions, tuning: ChannelTuning): PoolEntry {
    const entry: PoolEntry = {
      key,
      target: connection.target,
      refs: 0,
      client: openClient(connection, tuning, () => entry.closed).then((client) => {
        this.watchStates(entry, client);
        return client;
      }),
      listeners: new Set(),
      timeline: [],
      closed: false,
    };
    return entry;
  }

  private lease(entry: PoolEntry, client: Client): ChannelLease {
    let released = false;
    const ownListeners = new Set<StateListener>();
    return {
      key: entry.key,
      target: entry.target,
      client,
      state: () => stateName(client.getChannel().getConnectivityState(false)),
      timeline: () => entry.timeline,
      onStateChange: (listener) => {
        // Wrap so one lease can add the same function twice and remove each separately.
        const wrapped: StateListener = (state) => listener(state);
        entry.listeners.add(wrapped);
        ownListeners.add(wrapped);
        return () => {
          entry.listeners.delete(wrapped);
          ownListeners.delete(wrapped);
        };
      },
      release: () => {
        if (released) return;
        released = true;
        // A lease's listeners die with it, so a forgotten unsubscribe cannot leak.
        for (const listener of ownListeners) entry.listeners.delete(listener);
        ownListeners.clear();
        this.releaseEntry(entry);
      },
    };
  }

  private releaseEntry(entry: PoolEntry): void {
    entry.refs -= 1;
    if (entry.refs > 0 || entry.closed) return;
    entry.idleTimer = setTimeout(() => {
      if (entry.refs === 0) this.close(entry);
    }, this.idleCloseMs);
    // An idle channel waiting to close must not keep a CLI process alive.
    entry.idleTimer.unref();
  }

  private close(entry: PoolEntry): void {
    if (entry.closed) return;
    entry.closed = true;
    if (entry.idleTimer !== undefined) clearTimeout(entry.idleTimer);
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
    entry.client.then(
      (client) => client.close(),
      () => undefined, // creation failed: nothing to close, the acquirer got the error
    );
  }

  /**
   * One watcher per channel fans state changes out to leases. grpc-js calls a watcher once per
   * change; with an Infinity deadline it sets no timer, and closing the channel (SHUTDOWN) ends the loop.
   */
  private watchStates(entry: PoolEntry, client: Client): void {
    const channel = client.getChannel();
    const record = (state: connectivityState): void => {
      const name = stateName(state);
      entry.timeline.push({ state: name, at: Date.now() });
      if (entry.timeline.length > TIMELINE_LIMIT) entry.timeline.shift();
      for (const listener of [...entry.listeners]) listener(name);
    };
    const watch = (current: connectivityState): void => {
      channel.watchConnectivityState(current, Infinity, () => {
        const next = channel.getConnectivityState(false);
        record(next);
        if (next !== connectivityState.SHUTDOWN) watch(next);
      });
    };
    const initial = channel.getConnectivityState(false);
    record(initial);
    watch(initial);
  }
}

/** Reads the credentials' files, then builds the channel; gives up if the pool closed it meanwhile. */
async function openClient(
  connection: ConnectionOptions,
  tuning: ChannelTuning,
  isClosed: () => boolean,
): Promise<Client> {
  checkTargetSyntax(connection.target);
  const channelOptions = buildChannelOptions(connection, tuning);
  const channelCredentials = await createChannelCredentials(connection.tls);
  if (isClosed()) {
    throw new WorkbenchError(
      'connection',
      `The channel to ${connection.target} was closed while it was being opened.`,
      {
        subject: connection.target,
      },
    );
  }
  return constructClient(connection, channelCredentials, channelOptions);
}

function constructClient(
  connection: ConnectionOptions,
  channelCredentials: ChannelCredentials,
  options: ChannelOptions,
): Client {
  try {
    return new Client(connection.target, channelCredentials, options);
  } catch (error) {
    // grpc-js validates the target and the service config when the channel is built.
    const message = (error as Error).message;
    if (/service config|loadBalancingConfig|method config|retry policy|hedging policy/i.test(message)) {
      throw new WorkbenchError('bad_input', `The service config is not valid: ${message}`, {
        subject: 'serviceConfigJson',
        hint: 'See https://github.com/grpc/grpc/blob/master/doc/service_config.md for the format.',
      });
    }
    throw new WorkbenchError('bad_input', `The target ${connection.target} is not valid: ${message}`, {
      subject: connection.target,
      hint: 'Use host:port, dns:///host:port, ipv4:addr:port,…, ipv6:[addr]:port or unix:/path.',
    });
  }
}

const stateNames: Record<connectivityState, ConnectivityStateName> = {
  [connectivityState.IDLE]: 'IDLE',
  [connectivityState.CONNECTING]: 'CONNECTING',
  [connectivityState.READY]: 'READY',
  [connectivityState.TRANSIENT_FAILURE]: 'TRANSIENT_FAILURE',
  [connectivityState.SHUTDOWN]: 'SHUTDOWN',
};

export function stateName(state: connectivityState): ConnectivityStateName {
  return stateNames[state];
}
