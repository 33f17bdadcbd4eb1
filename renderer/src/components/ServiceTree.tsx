import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { MethodSummary, ServiceSummary } from '../../../shared/api/contract';
import { useWorkbench } from '../WorkbenchContext';
import { buildTreeRows, kindLabels } from '../state/methodRows';

const emptyServices: ServiceSummary[] = [];

/** Services → methods with kind badges; virtualized, so googleapis' thousands of methods stay fast. */
export function ServiceTree() {
  const services = useWorkbench((state) => (state.schema.status === 'loaded' ? state.schema.value.services : emptyServices));
  const loading = useWorkbench((state) => state.schema.status === 'loading');
  const filter = useWorkbench((state) => state.filter);
  const setFilter = useWorkbench((state) => state.setFilter);
  const selectedPath = useWorkbench((state) => state.selected?.path);
  const selectMethod = useWorkbench((state) => state.selectMethod);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  // Typing stays instant; the (cheap, but large) row list catches up in a transition.
  const deferredFilter = useDeferredValue(filter);
  const rows = useMemo(() => buildTreeRows(services, deferredFilter, collapsed), [services, deferredFilter, collapsed]);
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => 28, overscan: 12 });
  const methodCount = useMemo(() => services.reduce((sum, service) => sum + service.methods.length, 0), [services]);

  const toggle = (name: string) => {
    const next = new Set(collapsed);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setCollapsed(next);
  };

  const select = (method: MethodSummary) => void selectMethod(method);

  // Up/Down move between rows like in a tree; the list scrolls the focused row into view.
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const current = (event.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (!current) return;
    event.preventDefault();
    const index = Number(current.dataset.index) + (event.key === 'ArrowDown' ? 1 : -1);
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index);
    requestAnimationFrame(() => scrollRef.current?.querySelector<HTMLElement>(`[data-index="${index}"] button`)?.focus());
  };

  return (
    <nav className="service-tree" aria-label="Services">
      <div className="field">
        <label htmlFor="method-filter" className="visually-hidden">
          Filter methods
        </label>
        <input id="method-filter" type="text" placeholder="Filter methods" value={filter} onChange={(event) => setFilter(event.target.value)} spellCheck={false} autoComplete="off" />
      </div>
      <div className="muted tree-summary">
        {loading ? 'Loading schema…' : services.length === 0 ? 'Connect to list services.' : `${services.length} services, ${methodCount} methods`}
      </div>
      <div className="tree-scroll" ref={scrollRef} onKeyDown={onKeyDown}>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <div key={item.key} data-index={item.index} className="tree-row" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                {row.type === 'service' ? (
                  <button type="button" className="tree-service" aria-expanded={!row.collapsed} title={`${row.service.name} (${row.service.file})`} onClick={() => toggle(row.service.name)}>
                    <span className="chevron">{row.collapsed ? '▸' : '▾'}</span>
                    {row.service.name}
                    <span className="muted"> {row.matchingMethods}</span>
                  </button>
                ) : (
                  <button
                    type="button"
                    className="tree-method"
                    aria-current={row.method.path === selectedPath ? 'true' : undefined}
                    title={row.method.path}
                    onClick={() => select(row.method)}
                  >
                    {row.method.name}
                    <span className={`kind-badge kind-${row.method.kind}`}>{kindLabels[row.method.kind]}</span>
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
