import type { ReceivedMessage } from '../../../shared/api';

export interface BatchLimits {
  /** Flush as soon as this many messages are waiting. */
  maxMessages: number;
  /** Flush at most this long after the first waiting message. */
  maxDelayMs: number;
}

/** A fast stream becomes a few events per frame instead of one per message. */
export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxMessages: 64, maxDelayMs: 16 };

/** Collects received messages and hands them on in batches: every N messages or every few ms. */
export class MessageBatcher {
  private pending: ReceivedMessage[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly flushTo: (messages: ReceivedMessage[]) => void,
    private readonly limits: BatchLimits = DEFAULT_BATCH_LIMITS,
  ) {}

  add(message: ReceivedMessage): void {
    this.pending.push(message);
    if (this.pending.length >= this.limits.maxMessages) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.limits.maxDelayMs);
  }

  /** Hands on whatever is waiting now (also before the call's end event) and stops the timer. */
  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushTo(batch);
  }
}
