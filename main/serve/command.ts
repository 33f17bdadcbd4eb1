/**
 * `grpc-workbench serve [--port N] [--host H] [--allow-remote] [--open] [--lab] [--ephemeral-token]`:
 * browser mode until Ctrl+C. Prints one line with the URL (carrying the token). The port is
 * 50050 unless told otherwise and the token is the user's own, kept in the data folder, so a
 * bookmark keeps working after a restart. `--lab` also starts the demo lab in this process, on
 * the README's ports when free, and preselects it in the UI (what `npm start` uses without Electron).
 */
import { parseArgs } from 'node:util';
import { silenceIpServerNameWarning } from '../engine/index';
import { WorkbenchError, type HostInfo } from '../../shared/api';
import type { LabScenarioHost } from '../host/lab-scenarios';
import { labHostInfo } from '../host/lab-info';
import { defaultDataDir } from '../host/node-capabilities';
import { DEFAULT_SERVE_PORT, persistentServeToken } from './serve-identity';
import type { ServeHandle } from './server';
import { startServe } from './server';
import { serveUsage } from './usage';

export interface ServeCommandOutput {
  out: (text: string) => void;
  err: (text: string) => void;
}

export interface ServeCommandOptions {
  output?: ServeCommandOutput;
  /** Stops the server when aborted; default: SIGINT or SIGTERM. */
  signal?: AbortSignal;
}

export { serveUsage };

interface ServeFlags {
  /** Undefined: the stable default port, or a free one when it is taken. */
  port: number | undefined;
  ephemeralToken: boolean;
  host: string;
  allowRemote: boolean;
  open: boolean;
  lab: boolean;
}

export function parseServeFlags(argv: readonly string[]): ServeFlags {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'allow-remote': { type: 'boolean' },
        open: { type: 'boolean' },
        lab: { type: 'boolean' },
        'ephemeral-token': { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new WorkbenchError('bad_input', error instanceof Error ? error.message : String(error), {
      hint: `Usage: ${serveUsage}`,
    });
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new WorkbenchError('bad_input', `--port ${values.port}: expected a port number from 0 to 65535`, {
      hint: '0 picks a free port.',
      subject: '--port',
    });
  }
  return {
    port,
    ephemeralToken: values['ephemeral-token'] ?? false,
    host: values.host ?? '127.0.0.1',
    allowRemote: values['allow-remote'] ?? false,
    open: values.open ?? false,
    lab: values.lab ?? false,
  };
}

const consoleOutput: ServeCommandOutput = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
};

/** Resolves to the exit status once stopped; never throws (failures are printed with their hint). */
export async function runServeCommand(
  argv: readonly string[],
  { output = consoleOutput, signal }: ServeCommandOptions = {},
): Promise<number> {
  // Calls to TLS servers by IP address would print Node's DEP0123 warning to the console, for nothing the user can change.
  const restoreWarnings = silenceIpServerNameWarning();
  let lab: { close(): Promise<void> } | undefined;
  let labScenarios: LabScenarioHost | undefined;
  let server: ServeHandle | undefined;
  try {
    const flags = parseServeFlags(argv);
    let labInfo: HostInfo['lab'];
    if (flags.lab) {
      const { startLabOnDocumentedPorts } = await import('../../proto-samples/lab/documented-ports');
      const started = await startLabOnDocumentedPorts();
      lab = started.lab;
      labInfo = labHostInfo(started.lab);
      const { createLabScenarioHost } = await import('../host/lab-scenarios');
      labScenarios = createLabScenarioHost();
      if (started.fellBackBecause)
        output.err(
          `The demo lab's usual ports are taken (${started.fellBackBecause}); it runs on free ports instead.\n`,
        );
    }
    const token = flags.ephemeralToken ? undefined : await persistentServeToken(defaultDataDir());
    const serve = (port: number) =>
      startServe({
        port,
        host: flags.host,
        allowRemote: flags.allowRemote,
        open: flags.open,
        ...(token ? { token } : {}),
        ...(labInfo ? { lab: labInfo } : {}),
        ...(labScenarios ? { labScenarios } : {}),
      });
    if (flags.port !== undefined) server = await serve(flags.port);
    else {
      try {
        server = await serve(DEFAULT_SERVE_PORT);
      } catch (error) {
        if (!(error instanceof WorkbenchError && error.message.includes('already in use'))) throw error;
        server = await serve(0);
        output.err(
          `Port ${DEFAULT_SERVE_PORT} is taken (another workbench?), so this one listens on ${server.port}; pass --port to choose.\n`,
        );
      }
    }
    const labNote = labInfo ? ` (demo lab: ${labInfo.proxyTarget})` : '';
    output.out(`gRPC Workbench is running at ${server.url}${labNote} — press Ctrl+C to stop\n`);
    if (server.openError) output.err(`Could not open a browser (${server.openError}); open the URL above yourself.\n`);
    await stopRequested(signal);
    return 0;
  } catch (error) {
    const info = WorkbenchError.from(error);
    output.err(`${info.message}\n${info.hint ? `${info.hint}\n` : ''}`);
    return 1;
  } finally {
    await server?.close();
    await labScenarios?.close();
    await lab?.close();
    restoreWarnings();
  }
}

function stopRequested(signal: AbortSignal | undefined): Promise<void> {
  if (signal) {
    return signal.aborted
      ? Promise.resolve()
      : new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
