/**
 * The Expectations tab's YAML text while it is being typed: kept here (not in the component) so
 * text that does not parse yet survives switching views or tabs, shown with its error; once it
 * parses it becomes the draft's `expect`. The component reads the text (yamlToExpectations), so the
 * YAML library stays out of the store's chunk, which the page runs before its first render.
 */
import type { SliceContext } from '../store/slice';
import type { yamlToExpectations } from './expectations-form';

export interface ExpectationsYaml {
  /** The request tab the text belongs to. */
  tabId: string;
  text: string;
  error?: string;
}

export interface ExpectationsSlice {
  expectationsYaml?: ExpectationsYaml;
  /** `read` is `yamlToExpectations(text)`. */
  editExpectationsYaml(text: string, read: ReturnType<typeof yamlToExpectations>): void;
  /** The form changed `expect`: the YAML view shows it afresh. */
  forgetExpectationsYaml(): void;
}

export function createExpectationsSlice({ set, get }: SliceContext): ExpectationsSlice {
  return {
    editExpectationsYaml(text, parsed) {
      const tabId = get().activeTabId;
      if (parsed.ok) {
        get().setExpectations(parsed.value);
        set({ expectationsYaml: { tabId, text } });
      } else set({ expectationsYaml: { tabId, text, error: parsed.error } });
    },
    forgetExpectationsYaml() {
      set({ expectationsYaml: undefined });
    },
  };
}
