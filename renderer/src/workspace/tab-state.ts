/**
 * What each tab owns. The top-level fields listed here always mean *the active tab's* (so every
 * component reads them as before); activating another tab captures them into the old tab's record
 * and puts the new tab's record in their place. This list is the one place that says which fields
 * belong to a tab: add a field here and every swap, close and restore carries it.
 */
import type { MethodSummary } from '../../../shared/api';
import type { GrpcRequest } from '../../../shared/collections/request';
import { emptySchemaSourceForm } from '../connection/connection-form';
import type { RequestUi } from '../request/request-slice';
import type { WorkbenchState } from '../store/create-store';

export const tabStateKeys = [
  // request: the draft and its screen state
  'draft',
  'requestUi',
  // connection: the schema source, the last Connect and its schema
  'schemaSourceForm',
  'connection',
  'schema',
  'loadingSchemaId',
  'methodIndex',
  // services: the selected method's description
  'description',
  'describedKey',
  'descriptionNotice',
  // response: the tab's call
  'call',
  'starting',
  'callError',
  'exporting',
  'savedExport',
] as const satisfies readonly (keyof WorkbenchState)[];

export type TabStateKey = (typeof tabStateKeys)[number];

/** One tab's share of the state; every key present (an absent optional field is `undefined`, so restoring it clears it). */
export type TabState = { [K in TabStateKey]: WorkbenchState[K] };

/** The active tab's fields, as a record to keep while another tab is shown. */
export function captureTabState(state: WorkbenchState): TabState {
  return Object.fromEntries(tabStateKeys.map((key) => [key, state[key]])) as TabState;
}

const noMethods: ReadonlyMap<string, MethodSummary> = new Map();

/** A tab that has not connected yet, holding `draft`. */
export function blankTabState(draft: GrpcRequest, requestUi: RequestUi): TabState {
  return {
    draft,
    requestUi,
    schemaSourceForm: emptySchemaSourceForm,
    connection: undefined,
    schema: { status: 'idle' },
    loadingSchemaId: undefined,
    methodIndex: noMethods,
    description: { status: 'idle' },
    describedKey: undefined,
    descriptionNotice: undefined,
    call: undefined,
    starting: false,
    callError: undefined,
    exporting: false,
    savedExport: undefined,
  };
}

/** The same request, whatever the order of its keys (a file read back vs. a draft edited). */
export function sameRequest(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}
