import type { WorkbenchErrorData } from '../../../shared/api';

/** The outcome of checking what the user typed: the value, or an error naming the field at fault. */
export type Checked<T> = { ok: true; value: T } | { ok: false; error: WorkbenchErrorData };
