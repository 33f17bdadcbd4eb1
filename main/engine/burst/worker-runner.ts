import { Worker } from 'node:worker_threads';
import { WorkbenchError } from '../../../shared/api';
import { CallBatchReader } from './call-batch';
import { MAX_PARTS, type CallBudget } from './call-budget';
import type { CallOutcome } from './call-loop';
import type { ChannelUsage, OwnChannels } from './channel-source';
import type { BurstWorkerSetup, FromWorker, ToWorker } from './worker-protocol';

/** Where a burst's calls run: in this thread (one CallLoop), or in worker threads (one CallLoop each). */
export interface CallRunner {
  /** Connects long-lived channels before the clock starts. */
  warmUp(): Promise<void>;
  /** Starts the calls; resolves once every slot has retired. */
  run(endAt: number): Promise<void>;
  /** Starts no more calls and cancels the ones in flight (the budget is stopped as well). */
  stop(): void;
  usage(): ChannelUsage;
  close(): Promise<void>;
}

/** What a runner reports: each finished call, and a failure that must stop the burst. */
export interface RunnerEvents {
  onCall: CallOutcome;
  onFailure(error: unknown): void;
}

/** One worker's part of the burst. */
export interface ThreadShare {
  channels: OwnChannels;
  slots: number;
  /** The calls this worker makes, exactly (its channels' share); absent: it draws from the burst's budget with the others. */
  calls?: number;
}

/** After a stop, how long a worker may take to cancel its calls and report them before it is terminated. */
const STOP_GRACE_MS = 2_000;

/**
 * Starts one worker per share and waits until each has loaded its code and opened its channels;
 * rejects (with every worker terminated) when one cannot — the burst then runs in this thread.
 */
export async function startWorkerRunner(options: {
  entry: URL;
  shares: readonly ThreadShare[];
  setup: Omit<BurstWorkerSetup, 'channels' | 'slots' | 'budget'>;
  budget: CallBudget;
  /** Renames a backend the workers report (a port-forward's address → its pod). */
  nameBackend: (backend: string) => string;
  events: RunnerEvents;
}): Promise<CallRunner> {
  const threads: BurstThread[] = [];
  try {
    for (const [index, { channels, slots, calls }] of options.shares.entries()) {
      const budget = options.budget.share(calls === undefined ? undefined : { index, calls });
      const thread = new BurstThread(
        idleWorkers.take(options.entry),
        options.entry,
        options.nameBackend,
        options.events,
      );
      threads.push(thread);
      thread.send({ type: 'setup', setup: { ...options.setup, channels, slots, budget } });
    }
    await Promise.all(threads.map((thread) => thread.expect('opened')));
  } catch (error) {
    await Promise.all(threads.map((thread) => thread.terminate()));
    throw error;
  }
  return new WorkerRunner(threads);
}

class WorkerRunner implements CallRunner {
  private stopTimer: NodeJS.Timeout | undefined;

  constructor(private readonly threads: readonly BurstThread[]) {}

  async warmUp(): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.ask({ type: 'warm-up' }, 'warm')));
  }

  async run(endAt: number): Promise<void> {
    await Promise.all(this.threads.map((thread) => thread.runUntilDone(endAt)));
    clearTimeout(this.stopTimer);
  }

  stop(): void {
    if (this.stopTimer !== undefined) return;
    for (const thread of this.threads) thread.send({ type: 'stop' });
    // A worker that does not answer (busy, or hung) must not keep the burst from ending.
    this.stopTimer = setTimeout(() => this.threads.forEach((thread) => void thread.terminate()), STOP_GRACE_MS);
    this.stopTimer.unref();
  }

  usage(): ChannelUsage {
    return this.threads.reduce(
      (sum, thread) => ({
        channels: sum.channels + thread.usage.channels,
        connections: sum.connections + thread.usage.connections,
      }),
      { channels: 0, connections: 0 },
    );
  }

  async close(): Promise<void> {
    clearTimeout(this.stopTimer);
    await Promise.all(this.threads.map((thread) => thread.release()));
  }
}

type Reply = Exclude<FromWorker['type'], 'calls' | 'start-failed' | 'setup-failed'>;

/** One worker thread: its messages, and what the runner is waiting for from it. */
class BurstThread {
  usage: ChannelUsage = { channels: 0, connections: 0 };
  private waiting: { reply: Reply; resolve: () => void; reject: (error: Error) => void } | undefined;
  /** Why the worker can no longer answer (it failed or exited); then every later wait fails at once. */
  private gone: Error | undefined;

  private readonly reader: CallBatchReader;
  /** The worker answered `done` and may serve the next burst. */
  private finished = false;
  private readonly listeners = {
    message: (message: FromWorker) => this.receive(message),
    error: (error: Error) => this.lost(error),
    exit: (code: number) => this.lost(new Error(`it exited with code ${code}`)),
  };

  constructor(
    private readonly worker: Worker,
    private readonly entry: URL,
    nameBackend: (backend: string) => string,
    private readonly events: RunnerEvents,
  ) {
    this.reader = new CallBatchReader(nameBackend);
    worker.on('message', this.listeners.message);
    worker.on('error', this.listeners.error);
    worker.on('exit', this.listeners.exit);
  }

  send(message: ToWorker): void {
    if (this.gone === undefined) this.worker.postMessage(message);
  }

  expect(reply: Reply): Promise<void> {
    if (this.gone !== undefined) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => (this.waiting = { reply, resolve, reject }));
  }

  ask(message: ToWorker, reply: Reply): Promise<void> {
    const answered = this.expect(reply);
    this.send(message);
    return answered;
  }

  /** Starts the worker's calls and waits for its last one; a worker lost on the way fails the burst. */
  async runUntilDone(endAt: number): Promise<void> {
    try {
      await this.ask({ type: 'go', endAt }, 'done');
    } catch (error) {
      this.events.onFailure(
        new WorkbenchError('internal', `A worker thread of the burst stopped: ${(error as Error).message}`, {
          cause: error,
        }),
      );
    }
  }

  async terminate(): Promise<void> {
    this.lost(new Error('it was terminated'));
    this.detach();
    // A worker ended because another failed to start may still report its own failure (its module did
    // not load): without a listener Node would raise it as an uncaught exception in this process.
    this.worker.on('error', ignoreError);
    await this.worker.terminate();
  }

  /** After the burst: a worker that finished it waits for the next burst; any other is terminated. */
  async release(): Promise<void> {
    if (!this.finished || this.gone !== undefined) return this.terminate();
    this.detach();
    idleWorkers.keep(this.worker, this.entry);
  }

  private detach(): void {
    this.worker.off('message', this.listeners.message);
    this.worker.off('error', this.listeners.error);
    this.worker.off('exit', this.listeners.exit);
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case 'calls':
        this.reader.read(message.batch, this.events.onCall);
        if (message.usage !== undefined) this.usage = message.usage;
        return;
      case 'start-failed':
        this.events.onFailure(new Error(message.message));
        return;
      case 'setup-failed':
        this.lost(new Error(message.message));
        return;
      case 'done':
        this.reader.read(message.batch, this.events.onCall);
        this.usage = message.usage;
        this.finished = true;
        break;
    }
    if (this.waiting?.reply === message.type) {
      const { resolve } = this.waiting;
      this.waiting = undefined;
      resolve();
    }
  }

  private lost(error: Error): void {
    this.gone ??= error;
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.reject(this.gone);
  }
}

/** The error of a worker this process is already terminating: it changes nothing. */
function ignoreError(): void {}

/** How long a worker waits for the next burst before it ends. */
const IDLE_WORKER_MS = 30_000;

/**
 * Workers between bursts: the next burst takes them with their code loaded and compiled (starting
 * one costs 0.1–0.3 s, more on a busy machine, and its JIT starts cold). An idle worker does not
 * keep the process alive, and ends after IDLE_WORKER_MS; at most as many wait as one burst uses.
 */
class IdleWorkers {
  private readonly idle: { worker: Worker; entry: string; timer: NodeJS.Timeout; onExit: () => void }[] = [];

  take(entry: URL): Worker {
    const index = this.idle.findIndex((idle) => idle.entry === entry.href);
    if (index === -1) return new Worker(entry);
    const [{ worker, timer, onExit }] = this.idle.splice(index, 1) as [(typeof this.idle)[number]];
    clearTimeout(timer);
    worker.off('exit', onExit);
    worker.ref();
    return worker;
  }

  keep(worker: Worker, entry: URL): void {
    // Enough for the next burst; more (after bursts that ran side by side) would only hold memory.
    if (this.idle.length >= MAX_PARTS) {
      void worker.terminate();
      return;
    }
    const onExit = () => this.forget(worker);
    const timer = setTimeout(() => {
      this.forget(worker);
      void worker.terminate();
    }, IDLE_WORKER_MS);
    timer.unref();
    worker.once('exit', onExit);
    worker.unref();
    this.idle.push({ worker, entry: entry.href, timer, onExit });
  }

  private forget(worker: Worker): void {
    const index = this.idle.findIndex((idle) => idle.worker === worker);
    if (index === -1) return;
    clearTimeout(this.idle[index]!.timer);
    this.idle.splice(index, 1);
  }
}

const idleWorkers = new IdleWorkers();
