/**
 * Where a setting is edited on screen. A field that edits a setting carries `data-setting="<id>"`
 * (the ids of shared/settings.ts, the ones a WorkbenchError names in `setting`), so an error can
 * take the user to the field at fault — even inside a folded disclosure.
 */
import type { SettingId } from '../../../shared/settings';

export function findSettingField(id: SettingId): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-setting="${id}"]`);
}

/** Unfolds the disclosures around the setting's field, scrolls it into view and focuses it. */
export function focusSettingField(id: SettingId): boolean {
  const field = findSettingField(id);
  if (field === null) return false;
  for (let parent = field.parentElement; parent !== null; parent = parent.parentElement)
    if (parent instanceof HTMLDetailsElement) parent.open = true;
  field.scrollIntoView?.({ block: 'nearest' });
  field.focus();
  return true;
}
