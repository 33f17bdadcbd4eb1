import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef } from 'react';

/** Above this many lines the text is virtualized: a 10 MB message must not become 10 MB of DOM. */
const virtualizeAboveLines = 400;

/** Read-only pretty JSON. Large values are shown as a virtualized list of lines, never in Monaco. */
export function JsonView({ value }: { value: unknown }) {
  const text = useMemo(() => JSON.stringify(value, null, 2) ?? String(value), [value]);
  const lines = useMemo(() => text.split('\n'), [text]);
  if (lines.length <= virtualizeAboveLines) return <pre className="json-view">{text}</pre>;
  return <VirtualLines lines={lines} />;
}

function VirtualLines({ lines }: { lines: string[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: lines.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 18,
    overscan: 30,
  });
  return (
    <div
      className="json-view json-view-large"
      ref={scrollRef}
      role="document"
      aria-label={`JSON, ${lines.length} lines`}
    >
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => (
          <div
            key={item.key}
            className="json-line"
            style={{ position: 'absolute', top: 0, left: 0, transform: `translateY(${item.start}px)` }}
          >
            {lines[item.index]}
          </div>
        ))}
      </div>
    </div>
  );
}
