import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { ServiceSummary } from '../../../shared/api';
import { useWorkbench } from '../app/WorkbenchContext';
import { selectSelectedMethod } from './services-slice';
import { buildTreeRows, kindLabels, type TreeRow } from './method-rows';

const emptyServices: ServiceSummary[] = [];

/** Where the tree's roving focus goes for a key (WAI-ARIA tree pattern); undefined = not a tree key. */
function targetIndex(key: string, rows: readonly TreeRow[], index: number): number | undefined {
  const row = rows[index];
  switch (key) {
    case 'ArrowDown':
      return Math.min(index + 1, rows.length - 1);
    case 'ArrowUp':
      return Math.max(index - 1, 0);
    case 'Home':
      return 0;
    case 'End':
      return rows.length - 1;
    case 'ArrowRight':
      // An expanded service's first method follows it directly.
      return row?.type === 'service' && !row.collapsed && rows[index + 1]?.type === 'method' ? index + 1 : index;
    case 'ArrowLeft':
      // A method's parent is the nearest service row above it.
      if (row?.type !== 'method') return index;
      for (let at = index - 1; at >= 0; at--) if (rows[at]?.type === 'service') return at;
      return index;
    default:
      return undefined;
  }
}

interface TreePosition {
  level: number;
  posinset: number;
  setsize: number;
}

/** aria-level/posinset/setsize per row: only a window of rows is in the DOM, so it cannot count. */
function treePositions(rows: readonly TreeRow[]): TreePosition[] {
  const serviceCount = rows.filter((row) => row.type === 'service').length;
  const positions: TreePosition[] = [];
  let servicePosition = 0;
  let methodPosition = 0;
  let methodsInService = 0;
  for (const row of rows) {
    if (row.type === 'service') {
      servicePosition += 1;
      methodPosition = 0;
      methodsInService = row.matchingMethods;
      positions.push({ level: 1, posinset: servicePosition, setsize: serviceCount });
    } else {
      methodPosition += 1;
      positions.push({ level: 2, posinset: methodPosition, setsize: methodsInService });
    }
  }
  return positions;
}

/**
 * Services → methods with kind badges, as an ARIA tree with one roving tab stop (so Tab leaves the
 * tree after one stop even with googleapis' 10,000 methods); virtualized, so those stay fast.
 */
export function ServiceTree() {
  const services = useWorkbench((state) =>
    state.schema.status === 'loaded' ? state.schema.value.services : emptyServices,
  );
  const loading = useWorkbench((state) => state.schema.status === 'loading');
  const filter = useWorkbench((state) => state.filter);
  const setFilter = useWorkbench((state) => state.setFilter);
  const selectedPath = useWorkbench((state) => selectSelectedMethod(state)?.path);
  const selectMethod = useWorkbench((state) => state.selectMethod);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // Typing stays instant; the (cheap, but large) row list catches up in a transition.
  const deferredFilter = useDeferredValue(filter);
  const rows = useMemo(() => buildTreeRows(services, deferredFilter, collapsed), [services, deferredFilter, collapsed]);
  const [activeIndex, setActiveIndex] = useState(0);
  const active = Math.max(0, Math.min(activeIndex, rows.length - 1));
  // A fresh object per request, so asking again for the same row still re-renders and focuses it.
  const [focusRequest, setFocusRequest] = useState<{ index: number } | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 28,
    overscan: 12,
  });
  const methodCount = useMemo(() => services.reduce((sum, service) => sum + service.methods.length, 0), [services]);
  const positions = useMemo(() => treePositions(rows), [rows]);

  // The requested row may only exist once the virtualizer has scrolled to it, so retry per render.
  useEffect(() => {
    if (focusRequest === null) return;
    const item = scrollRef.current?.querySelector<HTMLElement>(`[role="treeitem"][data-index="${focusRequest.index}"]`);
    if (!item) return;
    setFocusRequest(null);
    item.focus();
  });

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    setActiveIndex(index);
    virtualizer.scrollToIndex(index);
    setFocusRequest({ index });
  };

  const setServiceCollapsed = (name: string, isCollapsed: boolean) => {
    if (collapsed.has(name) === isCollapsed) return;
    const next = new Set(collapsed);
    if (isCollapsed) next.add(name);
    else next.delete(name);
    setCollapsed(next);
  };

  const activate = (row: TreeRow, index: number) => {
    setActiveIndex(index);
    if (row.type === 'service') setServiceCollapsed(row.service.name, !row.collapsed);
    else void selectMethod(row.method);
  };

  const onTreeKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const item = (event.target as HTMLElement).closest<HTMLElement>('[role="treeitem"]');
    if (!item) return;
    const index = Number(item.dataset.index);
    const row = rows[index];
    if (!row) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      activate(row, index);
      return;
    }
    // Right expands / Left collapses a service; otherwise they (and the rest) move the focus.
    if (row.type === 'service' && event.key === 'ArrowRight' && row.collapsed) {
      event.preventDefault();
      setServiceCollapsed(row.service.name, false);
      return;
    }
    if (row.type === 'service' && event.key === 'ArrowLeft' && !row.collapsed) {
      event.preventDefault();
      setServiceCollapsed(row.service.name, true);
      return;
    }
    const target = targetIndex(event.key, rows, index);
    if (target === undefined) return;
    event.preventDefault();
    focusRow(target);
  };

  const virtualItems = virtualizer.getVirtualItems();
  const activeRendered = virtualItems.some((item) => item.index === active);

  const onFilterKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'ArrowDown' || rows.length === 0) return;
    event.preventDefault();
    focusRow(0);
  };

  return (
    <nav className="service-tree" aria-label="Services">
      <div className="field">
        <label htmlFor="method-filter" className="visually-hidden">
          Filter methods
        </label>
        <input
          id="method-filter"
          type="text"
          placeholder="Filter methods"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={onFilterKeyDown}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="muted tree-summary">
        {loading
          ? 'Loading schema…'
          : services.length === 0
            ? 'Connect to list services.'
            : `${services.length} services, ${methodCount} methods`}
      </div>
      <div
        className="tree-scroll"
        ref={scrollRef}
        role="tree"
        aria-label="Methods"
        // Scrolled away from the active row (it is not in the DOM), the tree itself keeps the Tab
        // stop and hands focus back to that row.
        tabIndex={activeRendered || rows.length === 0 ? undefined : 0}
        onFocus={(event) => {
          if (event.target === event.currentTarget) focusRow(active);
        }}
        onKeyDown={onTreeKeyDown}
      >
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((item) => {
            const row = rows[item.index];
            const position = positions[item.index];
            if (!row || !position) return null;
            const isMethod = row.type === 'method';
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                role="treeitem"
                tabIndex={item.index === active ? 0 : -1}
                aria-level={position.level}
                aria-posinset={position.posinset}
                aria-setsize={position.setsize}
                aria-expanded={isMethod ? undefined : !row.collapsed}
                aria-selected={isMethod ? row.method.path === selectedPath : undefined}
                className={`tree-row ${isMethod ? 'tree-row-method' : 'tree-row-service'}`}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, transform: `translateY(${item.start}px)` }}
              >
                {/* The row is the keyboard target; the button stays for the pointer (and for tests
                    that click a method by name), out of the Tab order. */}
                {isMethod ? (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="tree-method"
                    title={row.method.path}
                    onClick={() => activate(row, item.index)}
                  >
                    <span className="tree-name">{row.method.name}</span>
                    <span className={`kind-badge kind-${row.method.kind}`}>{kindLabels[row.method.kind]}</span>
                  </button>
                ) : (
                  <button
                    type="button"
                    tabIndex={-1}
                    className="tree-service"
                    title={`${row.service.name} (${row.service.file})`}
                    onClick={() => activate(row, item.index)}
                  >
                    <span className="chevron" aria-hidden="true">
                      {row.collapsed ? '▸' : '▾'}
                    </span>
                    <span className="tree-name">{row.service.name}</span>
                    <span className="muted"> {row.matchingMethods}</span>
                  </button>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </nav>
  );
}
