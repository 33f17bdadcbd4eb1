import { WorkbenchError } from '../../shared/api';

/** A client-chosen id (of a call, burst or watch) that is still in use: the client must pick a new one. */
export function duplicateId(
  what: 'call' | 'burst' | 'channel watch' | 'run' | 'collection watch' | 'forward',
  id: string,
): WorkbenchError {
  return new WorkbenchError('bad_input', `A ${what} with id ${id} is still running.`, {
    subject: id,
    hint: `Choose a new id for every ${what} (e.g. crypto.randomUUID()).`,
  });
}
