/**
 * The first screen first (issue 14, UI start): the window's first render holds what Send needs —
 * the tab bar, the connection bar and the active tab's request — and the other panels (sidebar,
 * service tree, the result panel's views, the collection tools) come from their own chunk
 * (later-panels.tsx), loaded once the browser has painted that first screen. Each later panel keeps
 * its place in the layout meanwhile (its placeholder), so nothing jumps.
 */
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { LaterPanels } from './later-panels';

export interface LaterPanelsState {
  panels?: LaterPanels;
  /** Their chunk could not be loaded: said in each panel's place. */
  error?: string;
}

const LaterPanelsContext = createContext<LaterPanelsState>({});

/** Gives the later panels as they are (tests render everything at once with `{ panels: laterPanels }`). */
export const LaterPanelsProvider = LaterPanelsContext.Provider;

/** The app's provider: loads the later panels' chunk after the first paint. */
export function FirstPaintProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<LaterPanelsState>({});
  useEffect(() => {
    let current = true;
    const cancel = afterNextPaint(() => {
      import('./later-panels')
        .then(({ laterPanels }) => current && setState({ panels: laterPanels }))
        .catch((error: unknown) => current && setState({ error: String(error) }));
    });
    return () => {
      current = false;
      cancel();
    };
  }, []);
  return <LaterPanelsContext.Provider value={state}>{children}</LaterPanelsContext.Provider>;
}

/** One later panel by name: its placeholder until its chunk is there, then itself. */
export function Later({ panel, placeholder = null }: { panel: keyof LaterPanels; placeholder?: ReactNode }) {
  const { panels, error } = useContext(LaterPanelsContext);
  if (error !== undefined)
    return (
      <div className="banner banner-error" role="alert">
        <div className="banner-body">This panel could not load ({error}). Reload the page to try again.</div>
      </div>
    );
  const Panel = panels?.[panel];
  return Panel ? <Panel /> : placeholder;
}

/**
 * Calls back once the frame being prepared has been painted (a task after its animation frame),
 * or after 100 ms in a page that paints nothing (a hidden tab gets no frames). Returns the cancel.
 */
function afterNextPaint(callback: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    callback();
  };
  let afterFrame: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (afterFrame = setTimeout(run, 0)));
  const fallback = setTimeout(run, 100);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(afterFrame);
    clearTimeout(fallback);
  };
}
