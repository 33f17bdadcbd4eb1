import { status as grpcStatus } from '@grpc/grpc-js';
import type { WorkbenchErrorData, TlsOptions } from '../../../shared/api';
import { DEFAULT_MAX_RECEIVE_MESSAGE_BYTES } from '../channel/channel-options';

/** What we know about a failed call besides its status, to explain transport failures. */
export interface FailureContext {
  target: string;
  tls: TlsOptions;
  /** The call's deadline, when it had one. */
  deadlineMs?: number;
  elapsedMs: number;
  /** Whether the channel was READY at some point during the call. */
  connected: boolean;
  /** Our receive limit for this call (the channel's), to tell it from the server's own. */
  receiveLimitBytes?: number;
}

/**
 * Explains a status that grpc-js produced locally (no connection, name resolution, TLS, our own
 * deadline) as a typed engine error naming the target and the fix. Statuses sent by the server are
 * left alone (undefined): their message is the server's.
 */
export function explainTransportFailure(
  code: number,
  details: string,
  context: FailureContext,
): WorkbenchErrorData | undefined {
  if (code === grpcStatus.DEADLINE_EXCEEDED) return explainDeadline(context);
  if (code === grpcStatus.RESOURCE_EXHAUSTED) return explainSizeLimit(details, context);
  if (code !== grpcStatus.UNAVAILABLE) return undefined;
  // A connection that was up and then went away mid-call is the status itself (UNAVAILABLE, which
  // a caller may retry), with the messages that arrived: not a failure to connect.
  if (context.connected && /^(Connection dropped|Connection closed|read ECONNRESET)/.test(details)) return undefined;
  const { target } = context;
  if (/^Name resolution failed/.test(details) || /\b(ENOTFOUND|EAI_AGAIN)\b/.test(details)) {
    return {
      kind: 'dns',
      message: `The host name of ${target} does not resolve.`,
      subject: target,
      hint: 'Check the spelling of the host, your DNS/VPN, or use an IP address.',
    };
  }
  const reason = lastErrorOf(details);
  if (reason === undefined) return undefined;
  const refused = /ECONNREFUSED (\S+)/.exec(reason);
  if (refused) {
    const address = refused[1]!.replace(/\.$/, '');
    return {
      kind: 'refused',
      message: `Connection refused by ${target}${address === target ? '' : ` (${address})`}: nothing listens there.`,
      subject: target,
      hint: 'Check the host and port, and that the server is running.',
    };
  }
  if (/ETIMEDOUT|ENETUNREACH|EHOSTUNREACH/.test(reason)) {
    return {
      kind: 'timeout',
      message: `Could not reach ${target}: ${reason}`,
      subject: target,
      hint: 'Check the address, firewalls and VPN; the host does not answer.',
    };
  }
  return (
    explainTls(reason, context) ?? {
      kind: 'connection',
      message: `Could not connect to ${target}: ${reason}`,
      subject: target,
      ...(context.tls.mode === 'plaintext' && /^Failed to connect|Connection dropped|Protocol error/.test(reason)
        ? {
            hint: 'The server closed the connection before HTTP/2 started. If it serves TLS, connect with TLS instead of {{plaintext}}.',
          }
        : {}),
    }
  );
}

/**
 * The underlying error of a grpc-js connection failure ("No connection established. Last error:
 * Error: connect ECONNREFUSED 127.0.0.1:1 (timestamp). Resolution note: …"), without the noise;
 * undefined when the status did not come from the connection.
 */
function lastErrorOf(details: string): string | undefined {
  const marker = details.indexOf('Last error: ');
  if (marker < 0) return /^(Connection dropped|Failed to connect)/.test(details) ? details : undefined;
  return details
    .slice(marker + 'Last error: '.length)
    .replace(/\s*Resolution note:[\s\S]*$/, '')
    .replace(/^Error(?: \[[A-Z_]+\])?: /, '')
    .replace(/\s*\(\d{4}-\d\d-\d\dT[^)]*\)/, '')
    .replace(/\.$/, '')
    .trim();
}

/**
 * grpc-js enforces our message size limits locally; anything else RESOURCE_EXHAUSTED is the
 * server's — including a server refusing our request with the same words, which names ITS limit.
 */
function explainSizeLimit(details: string, context: FailureContext): WorkbenchErrorData | undefined {
  // grpc-js checks the frame's length prefix, which for a compressed message is its compressed
  // size, not the message's: so we name the limit and no size rather than a wrong one.
  const received =
    /^Received message (?:larger than max \(\d+ vs\.? (\d+)\)|that decompresses to a size larger than (\d+))/.exec(
      details,
    );
  const ourLimit = context.receiveLimitBytes ?? DEFAULT_MAX_RECEIVE_MESSAGE_BYTES;
  if (received && Number(received[1] ?? received[2]) === ourLimit) {
    return {
      kind: 'bad_input',
      message: `The response message is larger than the receive limit (${received[1] ?? received[2]} bytes).`,
      subject: 'maxReceiveMessageBytes',
      hint: 'Raise the receive limit.',
      setting: 'maxReceiveMessageBytes',
    };
  }
  const sent = /^Attempted to send message with a size larger than (\d+)/.exec(details);
  if (sent) {
    return {
      kind: 'bad_input',
      message: `The request message is larger than the send limit (${sent[1]} bytes).`,
      subject: 'maxSendMessageBytes',
      hint: 'Raise the send limit.',
    };
  }
  return undefined;
}

/** How early grpc-js's deadline may end a call by our clock: 25 ms, or 5 % of a long deadline. */
function deadlineSlackMs(deadlineMs: number): number {
  return Math.max(25, deadlineMs * 0.05);
}

function explainDeadline(context: FailureContext): WorkbenchErrorData | undefined {
  // Only our own deadline is a client-side timeout; a server may send DEADLINE_EXCEEDED itself.
  // grpc-js computes the deadline from its own start stamp and its timer may fire a few ms before
  // ours says the time is up (seen under load), so "ours" means: at the deadline, give or take.
  if (context.deadlineMs === undefined || context.elapsedMs < context.deadlineMs - deadlineSlackMs(context.deadlineMs))
    return undefined;
  const { target, deadlineMs } = context;
  return context.connected
    ? {
        kind: 'timeout',
        message: `${target} did not complete the call within the ${deadlineMs} ms deadline.`,
        subject: target,
        hint: 'Raise the deadline if the call is expected to take longer.',
        setting: 'deadlineMs',
      }
    : {
        kind: 'timeout',
        message: `Could not connect to ${target} within the ${deadlineMs} ms deadline.`,
        subject: target,
        hint: 'Check that the address is reachable (firewall, VPN, port-forward).',
      };
}

function explainTls(reason: string, context: FailureContext): WorkbenchErrorData | undefined {
  const { target } = context;
  const tls = (message: string, hint: string): WorkbenchErrorData => ({
    kind: 'tls',
    message: `TLS handshake with ${target} failed: ${message}`,
    subject: target,
    hint,
  });
  if (/wrong version number|packet length too long|http request/i.test(reason)) {
    return tls('the server does not speak TLS.', 'The server is plaintext: use {{plaintext}}.');
  }
  if (
    /self[- ]signed certificate|unable to (get local issuer|verify the first) certificate|unknown ca|UNABLE_TO_VERIFY_LEAF_SIGNATURE/i.test(
      reason,
    )
  ) {
    if (/alert unknown ca/i.test(reason))
      return tls(
        'the server does not trust our client certificate.',
        'Pass a client certificate signed by a CA the server trusts ({{certFile}}, {{keyFile}}).',
      );
    return tls(
      'the server certificate is signed by an unknown CA.',
      'Pass the CA that signed it with {{caFile}}, or skip verification with {{insecureSkipVerify}}.',
    );
  }
  const mismatch =
    /Host: (.+?)\.? is not in the cert's altnames: (.+?)(?:\.? Resolution note|$)/.exec(reason) ??
    /IP: (.+?) is not in the cert's list: (.+)/.exec(reason);
  if (mismatch) {
    const names = mismatch[2]!.replace(/(DNS|IP Address):/g, '').trim();
    return tls(
      `the certificate is for ${names}, not ${mismatch[1]}.`,
      `Use -servername with one of: ${names} (or -authority).`,
    );
  }
  if (/certificate required|alert handshake failure|peer did not return a certificate/i.test(reason)) {
    return tls(
      'the server requires a client certificate.',
      'Pass a client certificate and key with {{certFile}} and {{keyFile}}.',
    );
  }
  if (/certificate has expired|certificate is not yet valid/i.test(reason)) {
    return tls(
      reason,
      'Renew the server certificate, check the clock, or skip verification with {{insecureSkipVerify}}.',
    );
  }
  if (/SSL routines|ERR_SSL|TLS|certificate/i.test(reason))
    return tls(
      reason,
      'Check the TLS settings ({{caFile}}, {{certFile}}, {{keyFile}}, {{serverName}}) or use {{plaintext}} for a plaintext server.',
    );
  return undefined;
}

/** RFC 9113 §7 error codes, as a server's GOAWAY or RST_STREAM carries them. */
const http2ErrorNames = [
  'NO_ERROR',
  'PROTOCOL_ERROR',
  'INTERNAL_ERROR',
  'FLOW_CONTROL_ERROR',
  'SETTINGS_TIMEOUT',
  'STREAM_CLOSED',
  'FRAME_SIZE_ERROR',
  'REFUSED_STREAM',
  'CANCEL',
  'COMPRESSION_ERROR',
  'CONNECT_ERROR',
  'ENHANCE_YOUR_CALM',
  'INADEQUATE_SECURITY',
  'HTTP_1_1_REQUIRED',
];

/**
 * grpc-js's text for a call the server ended at the HTTP/2 level, with what the server actually
 * sent: "Session closed with error code 2" is a GOAWAY, and "Bandwidth exhausted…" is the
 * ENHANCE_YOUR_CALM code (a GOAWAY or RST_STREAM), not a memory problem of ours.
 */
export function describeHttp2Close(details: string): string {
  const goaway = /Session closed with error code (\d+)/.exec(details);
  if (goaway)
    return `${details} (the server closed the connection with GOAWAY, HTTP/2 error ${goaway[1]} ${http2ErrorNames[Number(goaway[1])] ?? ''})`.replace(
      ' )',
      ')',
    );
  if (details === 'Bandwidth exhausted or memory limit exceeded')
    return `${details}: the server sent HTTP/2 error 11 ENHANCE_YOUR_CALM (in a GOAWAY or RST_STREAM) — it finds this client too demanding (keepalive pings, streams or data)`;
  return details;
}
