/**
 * The request being edited: a draft shaped like a saved request (request-draft.ts) — the
 * connection bar edits its target, TLS and authority, the editor its method, body, metadata and
 * deadline — and, kept apart, what only the screen needs: the metadata rows as typed, the TLS
 * fields of a user looking at plaintext, and each method's body while the user hops between them.
 */
import type { MethodSummary } from '../../../shared/api';
import type { ChannelSettings, Expectations, GrpcRequest } from '../../../shared/collections/request';
import { selectSelectedMethod } from '../services/services-slice';
import type { SliceContext } from '../store/slice';
import { rowsToMetadata, type MetadataRow } from './metadata-rows';
import { draftBody, emptyDraft, withDraftBody, withOptionalText, type TlsFields } from './request-draft';

export interface RequestUi {
  metadataRows: MetadataRow[];
  /** The TLS fields while Security says plaintext, so switching back to TLS restores them. */
  stashedTls?: TlsFields;
  /** Method path → its body as last edited. */
  bodies: Readonly<Record<string, string>>;
}

export interface RequestSlice {
  draft: GrpcRequest;
  requestUi: RequestUi;
  setTarget(target: string): void;
  setSecurity(mode: 'plaintext' | 'tls'): void;
  updateTls(patch: Partial<TlsFields>): void;
  setAuthority(authority: string): void;
  /** The connection settings beyond target and TLS, as typed (checked at Connect). */
  updateChannel(patch: Partial<ChannelSettings>): void;
  setCompression(compression: 'identity' | 'gzip'): void;
  /** Points the draft at another method (or none), keeping each method's body. */
  switchMethod(method: MethodSummary | undefined): void;
  setRequestText(text: string): void;
  /** Fills the editor with the minimal example, or with every field (`'full'`). */
  generateExample(style?: 'minimal' | 'full'): void;
  addMetadataRow(): void;
  updateMetadataRow(id: number, patch: Partial<Omit<MetadataRow, 'id'>>): void;
  removeMetadataRow(id: number): void;
  setDeadlineText(text: string): void;
  /** Puts a whole request in the editor (a saved request, a history entry): its metadata becomes the rows. */
  loadDraft(draft: GrpcRequest): void;
  /** The Expectations tab's edit of `expect` (undefined: none). */
  setExpectations(expect: Expectations | undefined): void;
  /**
   * The screen state of a draft put in a tab: its metadata as rows, or the rows as once typed
   * (a restored tab, invalid ones included), each given a fresh row id.
   */
  buildRequestUi(draft: GrpcRequest, typed?: TypedRequestUi): RequestUi;
}

/** RequestUi as kept outside the store (a saved workspace): rows without their ids. */
export interface TypedRequestUi {
  metadataRows?: readonly Omit<MetadataRow, 'id'>[];
  stashedTls?: TlsFields;
  bodies?: Readonly<Record<string, string>>;
}

export interface RequestSliceOptions {
  initialTarget?: string;
}

export function createRequestSlice({ set, get }: SliceContext, options: RequestSliceOptions): RequestSlice {
  let nextRowId = 1;
  const blankRow = (): MetadataRow => ({ id: nextRowId++, key: '', value: '' });
  const updateDraft = (update: (draft: GrpcRequest) => GrpcRequest): void => set({ draft: update(get().draft) });
  const setRows = (metadataRows: MetadataRow[]): void => {
    const { draft, requestUi } = get();
    const { metadata: _previous, ...rest } = draft;
    const metadata = rowsToMetadata(metadataRows);
    set({
      draft: Object.keys(metadata).length > 0 ? { ...rest, metadata } : rest,
      requestUi: { ...requestUi, metadataRows },
    });
  };

  return {
    draft: emptyDraft(options.initialTarget),
    requestUi: { metadataRows: [{ id: 0, key: '', value: '' }], bodies: {} },

    setTarget(target) {
      updateDraft((draft) => withOptionalText(draft, 'target', target));
    },

    setSecurity(mode) {
      const { draft, requestUi } = get();
      const current = draft.tls ?? { mode: 'plaintext' };
      if (current.mode === mode) return;
      if (current.mode === 'tls') {
        const { mode: _tls, ...fields } = current;
        set({ draft: { ...draft, tls: { mode: 'plaintext' } }, requestUi: { ...requestUi, stashedTls: fields } });
      } else {
        const { stashedTls, ...rest } = requestUi;
        set({ draft: { ...draft, tls: { mode: 'tls', ...stashedTls } }, requestUi: rest });
      }
    },

    updateTls(patch) {
      updateDraft((draft) => {
        if (draft.tls?.mode !== 'tls') return draft;
        const { insecureSkipVerify, ...texts } = patch;
        let tls = draft.tls;
        for (const [key, text] of Object.entries(texts) as [keyof typeof texts, string][])
          tls = withOptionalText(tls, key, text);
        if (insecureSkipVerify !== undefined) {
          const { insecureSkipVerify: _previous, ...rest } = tls;
          tls = insecureSkipVerify ? { ...rest, insecureSkipVerify: true } : rest;
        }
        return { ...draft, tls };
      });
    },

    setAuthority(authority) {
      updateDraft((draft) => withOptionalText(draft, 'authority', authority));
    },

    updateChannel(patch) {
      updateDraft((draft) => {
        let channel: ChannelSettings = draft.channel ?? {};
        for (const [key, text] of Object.entries(patch) as [keyof ChannelSettings, string][])
          channel = withOptionalText(channel, key, text);
        const { channel: _previous, ...rest } = draft;
        return Object.keys(channel).length > 0 ? { ...rest, channel } : rest;
      });
    },

    setCompression(compression) {
      updateDraft(({ compression: _previous, ...rest }) => (compression === 'gzip' ? { ...rest, compression } : rest));
    },

    switchMethod(method) {
      const { draft, requestUi } = get();
      const path = method?.path ?? '';
      if (draft.method === path) return;
      const bodies = draft.method === '' ? requestUi.bodies : { ...requestUi.bodies, [draft.method]: draftBody(draft) };
      set({
        draft: withDraftBody({ ...draft, method: path }, method?.kind, (method && bodies[path]) ?? '{}'),
        requestUi: { ...requestUi, bodies },
      });
    },

    setRequestText(text) {
      const kind = selectSelectedMethod(get())?.kind;
      updateDraft((draft) => withDraftBody(draft, kind, text));
    },

    generateExample(style = 'minimal') {
      const { description } = get();
      if (description.status !== 'loaded') return;
      const example = style === 'full' ? description.value.fullTemplateJson : description.value.exampleJson;
      get().setRequestText(JSON.stringify(example ?? {}, null, 2));
    },

    addMetadataRow() {
      setRows([...get().requestUi.metadataRows, blankRow()]);
    },

    updateMetadataRow(id, patch) {
      setRows(get().requestUi.metadataRows.map((row) => (row.id === id ? { ...row, ...patch } : row)));
    },

    removeMetadataRow(id) {
      const rows = get().requestUi.metadataRows.filter((row) => row.id !== id);
      setRows(rows.length > 0 ? rows : [blankRow()]);
    },

    setDeadlineText(text) {
      updateDraft((draft) => withOptionalText(draft, 'deadline', text));
    },

    loadDraft(draft) {
      set({ draft, requestUi: get().buildRequestUi(draft) });
    },

    buildRequestUi(draft, typed = {}) {
      const rows = typed.metadataRows
        ? typed.metadataRows.map(({ key, value }) => ({ id: nextRowId++, key, value }))
        : Object.entries(draft.metadata ?? {}).map(([key, value]) => ({ id: nextRowId++, key, value }));
      const metadataRows = typed.metadataRows && rows.length > 0 ? rows : [...rows, blankRow()];
      return {
        metadataRows,
        bodies: typed.bodies ?? {},
        ...(typed.stashedTls ? { stashedTls: typed.stashedTls } : {}),
      };
    },

    setExpectations(expect) {
      updateDraft(({ expect: _previous, ...draft }) => (expect === undefined ? draft : { ...draft, expect }));
    },
  };
}

/** The editor's JSON text. */
export const selectRequestText = (state: { draft: GrpcRequest }): string => draftBody(state.draft);
