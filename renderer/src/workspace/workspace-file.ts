/**
 * A tab as the host keeps it in the workspace (shared/api/workspace.ts): the draft and origin as
 * they are, plus the tab's `view` — what only this screen needs to give the tab back exactly as
 * left (the metadata rows as typed, invalid ones too; the TLS fields of a plaintext draft; each
 * method's body; the schema source form; whether it was connected; the description of its method,
 * so the tab is usable at once while its schema loads again). The host treats `view` as opaque;
 * this module is the one place that writes and reads it, and reads it defensively (a view written
 * by another version gives what it can, never an error).
 */
import * as z from 'zod';
import type { MethodDescription, RequestDraft, WorkspaceTab } from '../../../shared/api';
import { requestDraftSchema, rpcKindSchema } from '../../../shared/api';
import { emptySchemaSourceForm, type SchemaSourceForm } from '../connection/connection-form';
import type { TypedRequestUi } from '../request/request-slice';
import type { TabSummary } from './tabs-slice';
import type { TabState } from './tab-state';

const tabViewSchema = z.object({
  metadataRows: z.array(z.object({ key: z.string(), value: z.string() })).optional(),
  bodies: z.record(z.string(), z.string()).optional(),
  stashedTls: z
    .object({
      caFile: z.string().optional(),
      certFile: z.string().optional(),
      keyFile: z.string().optional(),
      serverName: z.string().optional(),
      insecureSkipVerify: z.boolean().optional(),
    })
    .optional(),
  schemaSourceForm: z
    .object({
      schemaSource: z.enum(['reflection', 'protoFiles', 'protoset']),
      protoFiles: z.string(),
      importPaths: z.string(),
      protosetFiles: z.string(),
      /** Absent in workspaces saved before reflection headers existed. */
      reflectionHeaders: z.string().default(''),
    })
    .optional(),
  /** A never-saved tab's draft when it was opened: it has unsaved changes when it differs. */
  pristine: requestDraftSchema.optional(),
  /** The tab had connected (or was connecting): it connects again when shown. */
  connected: z.boolean().optional(),
  /**
   * The description (describeMethod's answer) of the draft's method when the tab was kept: derived
   * from the server's schema alone, never from the draft, so it holds no secret.
   */
  described: z
    .object({
      name: z.string(),
      path: z.string(),
      kind: rpcKindSchema,
      inputType: z.string(),
      outputType: z.string(),
      inputJsonSchema: z.unknown(),
      exampleJson: z.unknown(),
      fullTemplateJson: z.unknown(),
      descriptorText: z.string(),
      inputDescriptorText: z.string(),
      outputDescriptorText: z.string(),
    })
    .optional(),
});

/**
 * A description bigger than this is not kept (a message with thousands of fields): the workspace is
 * written as the user types, and such a tab just waits for its schema at start as before.
 */
const maxKeptDescriptionChars = 256 * 1024;
const keptSizes = new WeakMap<MethodDescription, number>();

/** The description of the tab's method, if it is small enough to keep. */
function keptDescription(state: TabState): MethodDescription | undefined {
  const { description, draft } = state;
  if (description.status !== 'loaded' || description.value.path !== draft.method) return undefined;
  let size = keptSizes.get(description.value);
  if (size === undefined) keptSizes.set(description.value, (size = JSON.stringify(description.value).length));
  return size <= maxKeptDescriptionChars ? description.value : undefined;
}

export interface RestoredView {
  typed: TypedRequestUi;
  schemaSourceForm: SchemaSourceForm;
  pristine?: RequestDraft;
  connected: boolean;
  described?: MethodDescription;
}

/** What a tab needs besides its state: its summary and, for a never-saved tab, its pristine draft. */
export function toWorkspaceTab(summary: TabSummary, state: TabState, pristine: RequestDraft | undefined): WorkspaceTab {
  const { metadataRows, bodies, stashedTls } = state.requestUi;
  const described = keptDescription(state);
  const view: z.input<typeof tabViewSchema> = {
    metadataRows: metadataRows.map(({ key, value }) => ({ key, value })),
    bodies,
    ...(stashedTls ? { stashedTls } : {}),
    schemaSourceForm: state.schemaSourceForm,
    ...(pristine ? { pristine } : {}),
    connected: state.schema.status === 'loaded' || state.schema.status === 'loading',
    ...(described ? { described } : {}),
  };
  return { id: summary.id, draft: state.draft, ...(summary.origin ? { origin: summary.origin } : {}), view };
}

/** The view back; whatever of it does not read is left at its default. */
export function readTabView(view: unknown): RestoredView {
  const parsed = tabViewSchema.safeParse(view ?? {});
  const value = parsed.success ? parsed.data : {};
  return {
    typed: {
      ...(value.metadataRows ? { metadataRows: value.metadataRows } : {}),
      ...(value.bodies ? { bodies: value.bodies } : {}),
      ...(value.stashedTls ? { stashedTls: value.stashedTls } : {}),
    },
    schemaSourceForm: value.schemaSourceForm ?? emptySchemaSourceForm,
    ...(value.pristine ? { pristine: value.pristine } : {}),
    connected: value.connected ?? false,
    ...(value.described ? { described: value.described } : {}),
  };
}
