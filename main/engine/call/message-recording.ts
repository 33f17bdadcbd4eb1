/**
 * Every received message of a call, appended to an NDJSON file as it arrives: the renderer keeps
 * only a window of a long stream, and the disk (not memory) holds the rest for "export all".
 */
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MessagesExport, ReceivedMessage } from '../../../shared/api';
import { receivedMessageToNdjsonLine } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';

/** One call's NDJSON file. Appends are queued on a write stream; `exported` waits for them. */
export class MessageRecording {
  private readonly stream: WriteStream;
  private count = 0;
  private bytes = 0;
  /** Settles once every append so far is on disk (writes complete in order). */
  private written: Promise<void> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly fileName: string,
  ) {
    this.stream = createWriteStream(path, { flags: 'wx' });
    // A full disk must not crash the host: the export reports it instead.
    this.stream.on('error', (error) => (this.failure ??= error));
  }

  append(messages: readonly ReceivedMessage[]): void {
    if (messages.length === 0 || this.failure) return;
    let text = '';
    for (const message of messages) text += `${receivedMessageToNdjsonLine(message)}\n`;
    const chunk = Buffer.from(text, 'utf8');
    this.count += messages.length;
    this.bytes += chunk.length;
    this.written = new Promise((resolve) =>
      this.stream.write(chunk, (error) => {
        if (error) this.failure ??= error;
        resolve();
      }),
    );
  }

  /** What is recorded so far, once it is on disk. */
  async exported(): Promise<MessagesExport> {
    const { count, bytes } = this;
    await this.written;
    if (this.failure) {
      throw new WorkbenchError('io', `Could not record the messages to ${this.path}: ${this.failure.message}`, {
        subject: this.path,
        hint: 'Check the free space of the temp directory.',
      });
    }
    return { path: this.path, fileName: this.fileName, count, bytes };
  }

  /** The decoded JSON of the message at `index` (its line in the file), once written. */
  async message(index: number): Promise<unknown> {
    await this.exported();
    const lines = createInterface({ input: createReadStream(this.path, 'utf8'), crlfDelay: Infinity });
    let at = 0;
    try {
      for await (const line of lines) if (at++ === index) return JSON.parse(line) as unknown;
    } finally {
      lines.close();
    }
    throw new WorkbenchError('not_found', `The call has no message ${index}; it received ${this.count}.`, {
      subject: String(index),
    });
  }

  /** Closes and deletes the file. */
  async discard(): Promise<void> {
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    await rm(this.path, { force: true }).catch(() => undefined);
  }
}

export interface CallRecordingsOptions {
  /** How many ended calls keep their file; running calls always keep theirs. */
  keepEnded?: number;
}

export const DEFAULT_KEEP_ENDED = 20;

/**
 * The recordings of one service: a private temp directory (removed on dispose), one file per call,
 * and a bounded number of ended calls whose files are kept — older ones are deleted.
 */
export class CallRecordings {
  private directory: Promise<string> | undefined;
  private readonly recordings = new Map<string, MessageRecording>();
  /** Ended calls, oldest first. */
  private readonly ended: string[] = [];
  private readonly keepEnded: number;

  constructor(options: CallRecordingsOptions = {}) {
    this.keepEnded = options.keepEnded ?? DEFAULT_KEEP_ENDED;
  }

  async create(callId: string, method: string): Promise<MessageRecording> {
    this.directory ??= mkdtemp(join(tmpdir(), `grpc-workbench-${process.pid}-`)).catch((error: Error) => {
      throw new WorkbenchError('io', `Could not create a temp directory for received messages: ${error.message}`, {
        subject: tmpdir(),
        hint: 'Check that the temp directory (TMPDIR) exists and is writable.',
      });
    });
    // A client may reuse the id of an ended call: the new call's messages replace the old ones.
    await this.forget(callId);
    const endedAt = this.ended.indexOf(callId);
    if (endedAt >= 0) this.ended.splice(endedAt, 1);
    // The id is the client's: never part of a path.
    const recording = new MessageRecording(
      join(await this.directory, `${randomUUID()}.ndjson`),
      `${method.replace(/[^A-Za-z0-9_.-]+/g, '_')}.ndjson`,
    );
    this.recordings.set(callId, recording);
    return recording;
  }

  get(callId: string): MessageRecording {
    const recording = this.recordings.get(callId);
    if (recording === undefined) {
      throw new WorkbenchError('not_found', `There are no recorded messages of call ${callId}.`, {
        subject: callId,
        hint: `Only the last ${this.keepEnded} calls keep their messages; run the call again to export it.`,
      });
    }
    return recording;
  }

  /** The call ended: its file is kept until `keepEnded` newer calls have ended. */
  markEnded(callId: string): void {
    if (!this.recordings.has(callId)) return;
    this.ended.push(callId);
    while (this.ended.length > this.keepEnded) void this.forget(this.ended.shift()!);
  }

  forget(callId: string): Promise<void> {
    const recording = this.recordings.get(callId);
    this.recordings.delete(callId);
    return recording ? recording.discard() : Promise.resolve();
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.recordings.keys()].map((callId) => this.forget(callId)));
    this.ended.length = 0;
    if (this.directory) await rm(await this.directory, { recursive: true, force: true }).catch(() => undefined);
  }
}
