import type { CallEvent, MetadataJson, ReceivedMessage } from '../../../shared/api';
import {
  formatCallSummary,
  formatMetadata,
  writeResponseMessage,
  formatSection,
  formatStatusAsJson,
  formatStatusError,
} from './grpcurl';
import { callToJsonDocument } from './json';
import { writeIndentedJson } from './json-writer';

export type CallEndEvent = Extract<CallEvent, { type: 'call-end' }>;

/** Where printers write; the CLI passes its stdout/stderr, tests pass collectors. */
export interface TextSinks {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** What is known before the call starts, for -v's first two sections and the JSON document. */
export interface CallPreamble {
  /** `package.Service/Method`. */
  methodPath: string;
  /** protoc-style text of the method (grpcurl's "Resolved method descriptor"). */
  methodText: string;
  requestMetadata: MetadataJson;
}

/** Turns one call's events into output: begin() before the call, then every event in order. */
export interface CallPrinter {
  begin(preamble: CallPreamble): void;
  onEvent(event: CallEvent): void;
}

export interface GrpcurlPrinterOptions {
  verbosity: number;
  /** -format-error: print a non-OK status as JSON on stderr. */
  formatError: boolean;
  /**
   * True when the call ended because of us or the transport (refused, TLS, bad input), not a
   * server status: that is reported as an error message instead of trailers and an ERROR block.
   */
  isTransportFailure: (end: CallEndEvent) => boolean;
}

/** grpcurl's output: messages on stdout as they arrive, -v sections, the status on stderr. */
export function createGrpcurlPrinter(sinks: TextSinks, options: GrpcurlPrinterOptions): CallPrinter {
  const verbose = options.verbosity > 0;
  let headersPrinted = false;
  const printHeaders = (headers: MetadataJson): void => {
    if (verbose && !headersPrinted) sinks.out(formatSection('Response headers received', formatMetadata(headers)));
    headersPrinted = true;
  };
  return {
    begin(preamble) {
      if (!verbose) return;
      sinks.out(formatSection('Resolved method descriptor', preamble.methodText));
      sinks.out(formatSection('Request metadata to send', formatMetadata(preamble.requestMetadata)));
    },
    onEvent(event) {
      switch (event.type) {
        case 'call-headers':
          printHeaders(event.headers);
          return;
        case 'call-messages':
          for (const message of event.messages) writeResponseMessage(message, options.verbosity, sinks.out);
          return;
        case 'call-end':
          if (options.isTransportFailure(event)) return;
          // A trailers-only response (most errors) has no separate headers event.
          printHeaders(event.headers);
          if (verbose) {
            sinks.out(formatSection('Response trailers received', formatMetadata(event.trailers)));
            sinks.out(formatCallSummary(event.sent, event.received));
          }
          if (event.status.code !== 0)
            sinks.err(options.formatError ? formatStatusAsJson(event.status) : formatStatusError(event.status));
          return;
        default:
          return;
      }
    },
  };
}

/** `--output json`: collects the call and prints one document when it ends. */
export function createJsonPrinter(sinks: TextSinks): CallPrinter {
  let methodPath = '';
  const messages: ReceivedMessage[] = [];
  return {
    begin(preamble) {
      methodPath = preamble.methodPath;
    },
    onEvent(event) {
      if (event.type === 'call-messages') messages.push(...event.messages);
      if (event.type !== 'call-end') return;
      const document = callToJsonDocument({
        method: methodPath,
        ...(event.peer === undefined ? {} : { peer: event.peer }),
        headers: event.headers,
        messages,
        trailers: event.trailers,
        status: event.status,
        timings: event.timings,
      });
      // In pieces, not one string: a big `bytes` field is a multi-megabyte string (json-writer.ts).
      writeIndentedJson(document, sinks.out);
      sinks.out('\n');
    },
  };
}
