import { JsonSyntaxError, JsonValueStream, parseJsonValues } from '../../shared/json-stream';
import { WorkbenchError } from '../../shared/api';
import type { RequestData } from './args';
import type { CliIo } from './io';

/**
 * The request messages of a call as JSON texts, in order: none, the ones in `-d '…'`
 * (concatenated JSON or NDJSON), or the ones read from stdin for `-d @` — each yielded the moment
 * its closing bracket arrives, so a client stream sends while the user is still typing. `io.stdin`
 * is read only for `-d @`: the CLI's process.stdin is made on first use (see main.ts).
 */
export async function* requestMessages(data: RequestData, io: Pick<CliIo, 'stdin'>): AsyncGenerator<string> {
  if (data.source === 'none') return;
  if (data.source === 'inline') {
    yield* withJsonErrors('-d', () => parseJsonValues(data.text).map((value) => value.text));
    return;
  }
  const stream = new JsonValueStream();
  const { stdin } = io;
  stdin.setEncoding('utf8');
  for await (const chunk of stdin as AsyncIterable<string>) {
    yield* withJsonErrors('stdin', () => stream.push(chunk).map((value) => value.text));
  }
  yield* withJsonErrors('stdin', () => stream.end().map((value) => value.text));
}

function withJsonErrors(origin: string, parse: () => string[]): string[] {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    throw new WorkbenchError('bad_request_json', `The request data (${origin}) is not valid JSON: ${error.message}`, {
      subject: origin,
      hint: 'Give one JSON object per message; several messages may follow each other (NDJSON or concatenated).',
    });
  }
}

/** Every request message at once (for calls that take exactly one, read before they start). */
export async function collectRequestMessages(data: RequestData, io: Pick<CliIo, 'stdin'>): Promise<string[]> {
  const all: string[] = [];
  for await (const message of requestMessages(data, io)) all.push(message);
  return all;
}
