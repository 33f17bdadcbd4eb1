/**
 * grpcurl in and out of the workbench: the active tab's request as a command (secrets as
 * `"$WORKBENCH_SECRET_NAME"`), and a pasted command as a new tab.
 */
import type { RequestDraft } from '../../../shared/api';
import { selectActiveCollection, selectDraftScope } from '../environments/environments-slice';
import type { SliceContext } from '../store/slice';
import type { Checked } from '../ui/checked';
import { toErrorInfo } from '../ui/error-info';
import { draftToGrpcurl } from './grpcurl-command';

export interface GrpcurlSlice {
  /** The active request as a grpcurl command: the host's export of its file when the tab is saved, else built here. */
  grpcurlCommand(): Promise<Checked<string>>;
  /** Opens the request of a grpcurl command in a new tab; returns the tab id. */
  pasteGrpcurl(command: string): Promise<Checked<string>>;
}

export function createGrpcurlSlice({ get, client }: SliceContext): GrpcurlSlice {
  return {
    async grpcurlCommand() {
      const state = get();
      const tab = state.tabs.find((candidate) => candidate.id === state.activeTabId);
      const open = selectActiveCollection(state);
      if (tab?.origin !== undefined && !tab.dirty) {
        try {
          const { command } = await client.exportGrpcurl({
            file: `${tab.origin.root}/${tab.origin.path}`,
            cwd: tab.origin.root,
            ...(open?.environment === undefined ? {} : { env: open.environment }),
          });
          return { ok: true, value: command };
        } catch (error) {
          return { ok: false, error: toErrorInfo(error) };
        }
      }
      const schema = open?.tree.status === 'loaded' ? open.tree.value.collection?.schema : undefined;
      return draftToGrpcurl(state.draft, selectDraftScope(state), schema);
    },

    async pasteGrpcurl(command) {
      if (command.trim() === '') {
        return { ok: false, error: { kind: 'bad_input', message: 'Paste a grpcurl command first.' } };
      }
      const open = selectActiveCollection(get());
      const statuses = open ? get().secretStatuses[open.root] : undefined;
      const secretNames = statuses?.status === 'loaded' ? statuses.value.map((secret) => secret.name) : [];
      try {
        const { request } = await client.importGrpcurl({ command, secretNames });
        const draft: RequestDraft = request;
        return { ok: true, value: get().openRequestTab(draft) };
      } catch (error) {
        return { ok: false, error: toErrorInfo(error) };
      }
    },
  };
}
