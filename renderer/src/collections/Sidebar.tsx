import { useRef, useState, type KeyboardEvent, type PointerEvent, type ReactNode } from 'react';
import { ErrorBoundary } from '../app/ErrorBoundary';
import { HistoryPanel } from '../history/HistoryPanel';
import { CollectionsSection } from './CollectionsSection';
import { DEFAULT_WIDTH } from './SidebarPlaceholder';
import './sidebar.css';

const MIN_WIDTH = 200;
const MAX_WIDTH = 560;

/**
 * The workspace's left column: Collections above, History below, each section foldable; the
 * column folds to a strip and its width is dragged (or set with the arrow keys) at its edge.
 */
export function Sidebar() {
  const [hidden, setHidden] = useState(false);
  const [width, setWidth] = useState(DEFAULT_WIDTH);
  const drag = useRef<{ startX: number; startWidth: number } | undefined>(undefined);
  const clamp = (value: number) => Math.max(MIN_WIDTH, Math.min(MAX_WIDTH, Math.round(value)));

  const onResizeKey = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 40 : 10;
    if (event.key === 'ArrowLeft') setWidth(clamp(width - step));
    else if (event.key === 'ArrowRight') setWidth(clamp(width + step));
    else if (event.key === 'Home') setWidth(MIN_WIDTH);
    else if (event.key === 'End') setWidth(MAX_WIDTH);
    else return;
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent) => {
    if (drag.current) setWidth(clamp(drag.current.startWidth + event.clientX - drag.current.startX));
  };

  if (hidden) {
    return (
      <aside className="sidebar sidebar-hidden" aria-label="Sidebar">
        <button type="button" className="icon-button" aria-label="Show sidebar" onClick={() => setHidden(false)}>
          »
        </button>
      </aside>
    );
  }

  return (
    <aside className="sidebar" aria-label="Sidebar" style={{ width }}>
      <div className="sidebar-sections">
        <SidebarSection
          title="Collections"
          extra={
            <button type="button" className="icon-button" aria-label="Hide sidebar" onClick={() => setHidden(true)}>
              «
            </button>
          }
        >
          <ErrorBoundary area="The collections">
            <CollectionsSection />
          </ErrorBoundary>
        </SidebarSection>
        <SidebarSection title="History">
          <ErrorBoundary area="The history">
            <HistoryPanel />
          </ErrorBoundary>
        </SidebarSection>
      </div>
      <div
        className="sidebar-resizer"
        role="separator"
        aria-orientation="vertical"
        aria-label="Sidebar width"
        aria-valuenow={width}
        aria-valuemin={MIN_WIDTH}
        aria-valuemax={MAX_WIDTH}
        tabIndex={0}
        onKeyDown={onResizeKey}
        onPointerDown={(event) => {
          drag.current = { startX: event.clientX, startWidth: width };
          event.currentTarget.setPointerCapture?.(event.pointerId);
        }}
        onPointerMove={onPointerMove}
        onPointerUp={() => (drag.current = undefined)}
      />
    </aside>
  );
}

/** A foldable section; a folded one is not rendered (History is read only when shown). */
function SidebarSection({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const [open, setOpen] = useState(true);
  return (
    <section className={`sidebar-section ${open ? 'sidebar-section-open' : ''}`} aria-label={title}>
      <h2 className="sidebar-section-title">
        <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span className="chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          {title}
        </button>
        {extra}
      </h2>
      {open ? <div className="sidebar-section-body">{children}</div> : null}
    </section>
  );
}
