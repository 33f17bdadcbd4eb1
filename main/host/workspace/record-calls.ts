/**
 * The host records every call of a session in the history: a decorator of the session's service
 * (the engine stays free of host concerns) that watches startCall and the events the service
 * emits, and appends one masked entry when a call ends or startCall refuses it; the calls of
 * collection runs, which the engine makes on a runner engine of its own, come through the
 * context's `recordRunCall`.
 */
import type { CallEvent, HistoryEntry, RpcKind, WorkbenchEvent } from '../../../shared/api';
import { WorkbenchError } from '../../../shared/api';
import type { SecretStore } from '../capabilities';
import type { HostedService, ServiceFactory } from '../service-factory';
import { boundedEntry, CallRecording, runCallEntry } from './call-recorder';
import type { HistoryLog } from './history-log';
import { maskHistoryEntry, secretValuesFor } from './history-masking';

export interface CallHistoryOptions {
  history: HistoryLog;
  /** The host's secret store: the values of the secrets a call names are masked in its entry. */
  secrets?: SecretStore | undefined;
  processEnv?: Readonly<Record<string, string | undefined>>;
  /** A history that cannot be written must not fail the call: the host reports it (default: stderr). */
  onError?: (error: WorkbenchError) => void;
}

const callEventTypes = new Set<WorkbenchEvent['type']>(['call-started', 'call-messages', 'call-end']);

function isCallEvent(event: WorkbenchEvent): event is CallEvent {
  return callEventTypes.has(event.type);
}

export function recordCallHistory(createService: ServiceFactory, options: CallHistoryOptions): ServiceFactory {
  const onError =
    options.onError ??
    ((error) => console.error(`gRPC Workbench: a call was not kept in the history: ${error.message}`));
  return (context) => {
    const running = new Map<string, CallRecording>();
    const writes = new Set<Promise<void>>();
    /** Appends the entry with the values of the secrets `named` refers to masked (the host's store and env). */
    const keep = (entry: HistoryEntry, named: unknown[], root: string | undefined) => {
      const write = secretValuesFor(named, root, {
        store: options.secrets,
        ...(options.processEnv === undefined ? {} : { processEnv: options.processEnv }),
      })
        .then((secretValues) => options.history.append(boundedEntry(maskHistoryEntry(entry, secretValues))))
        .catch((error: unknown) => onError(WorkbenchError.from(error)))
        .finally(() => writes.delete(write));
      writes.add(write);
    };
    const keepCall = ({ params }: CallRecording, entry: HistoryEntry) =>
      keep(entry, [params.draft, params.metadata, params.messages], params.collection?.root);
    const service: HostedService = createService({
      ...context,
      // A run's calls come masked by the runner (it knows every secret value of the run, those typed
      // for it included); the store's and the environment's values the request names are masked again.
      recordRunCall: (call) => keep(runCallEntry(call), [call.request], call.origin?.root),
      emit: (event) => {
        if (isCallEvent(event)) {
          const recording = running.get(event.callId);
          const entry = recording?.observe(event);
          if (recording !== undefined && entry !== undefined) {
            running.delete(event.callId);
            keepCall(recording, entry);
          }
        }
        context.emit(event);
      },
    });
    const kindOf = async (schemaId: string, method: string): Promise<RpcKind | undefined> =>
      service.describeMethod({ schemaId, method }).then(
        (description) => description.kind,
        () => undefined,
      );
    return {
      ...service,
      startCall: async (params) => {
        const recording = new CallRecording(params);
        // A duplicate of a running call's id is refused by the engine: the running one keeps its record.
        const owner = !running.has(params.callId);
        if (owner) running.set(params.callId, recording);
        try {
          return await service.startCall(params);
        } catch (error) {
          if (owner && running.get(params.callId) === recording) running.delete(params.callId);
          keepCall(
            recording,
            recording.refused(WorkbenchError.from(error), await kindOf(params.schemaId, params.method)),
          );
          throw error;
        }
      },
      dispose: async () => {
        await service.dispose();
        await Promise.all([...writes]);
      },
    };
  };
}
