/**
 * Resolves in a task of its own. Work on a multi-megabyte value (a fetched base64 field) is split
 * at these points so that receiving it, building text from it and handing it to the clipboard are
 * separate tasks, none of which blocks the page for long — awaited promises alone would run every
 * step in the task that received the value.
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
