import type { ChannelzServerInfo, ServerChannelzReport } from '../../../shared/api';

const CONNECTION_COLUMNS = ['REMOTE ADDRESS', 'STREAMS', 'OK', 'FAILED', 'MSGS SENT', 'MSGS RECEIVED'] as const;

/**
 * The server's channelz view for a terminal: per server its call counters, then one row per open
 * connection — so it is plain to see when one client connection carries all the calls.
 */
export function formatServerChannelzText(report: ServerChannelzReport): string {
  const lines = [`Server view of ${report.target} (grpc.channelz.v1; this query's own connection is listed too)`];
  if (report.servers.length === 0) lines.push('', 'The server reports no gRPC servers.');
  for (const server of report.servers) lines.push('', ...serverLines(server));
  return `${lines.join('\n')}\n`;
}

function serverLines(server: ChannelzServerInfo): string[] {
  const listening = server.listenSockets.length === 0 ? '' : ` listening on ${server.listenSockets.join(', ')}`;
  const count = server.sockets.length;
  const lines = [
    `Server ${server.id}${server.name ? ` (${server.name})` : ''}${listening}`,
    `  calls: ${server.callsStarted} started · ${server.callsSucceeded} succeeded · ${server.callsFailed} failed`,
  ];
  if (count === 0) return [...lines, '  no open connections'];
  lines.push(`  ${count}${server.socketsTruncated ? '+' : ''} open connection${count === 1 ? '' : 's'}:`);
  const rows = server.sockets.map((socket) =>
    [
      socket.remoteAddress,
      socket.streamsStarted,
      socket.streamsSucceeded,
      socket.streamsFailed,
      socket.messagesSent,
      socket.messagesReceived,
    ].map(String),
  );
  lines.push(...alignColumns([[...CONNECTION_COLUMNS], ...rows]).map((line) => `  ${line}`));
  if (server.socketsTruncated) lines.push(`  (only the first ${count} connections are listed)`);
  return lines;
}

/** The first column left-aligned, the counters right-aligned, two spaces between columns. */
function alignColumns(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  return rows.map((row) =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd(),
  );
}
