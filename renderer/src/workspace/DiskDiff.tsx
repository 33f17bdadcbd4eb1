import { useMemo } from 'react';
import type { GrpcRequest } from '../../../shared/collections/request';
import { useWorkbench } from '../app/WorkbenchContext';
import { lineDiff, requestYaml } from './line-diff';

const marks = { same: ' ', theirs: '−', mine: '+' } as const;

/** Both requests written the same way, so only what differs shows (not the file's own quoting or order). */
export default function DiskDiff({ theirs, tabId }: { theirs: GrpcRequest; tabId: string }) {
  const draft = useWorkbench((state) => state.tabStateOf(tabId)?.draft);
  const lines = useMemo(() => (draft ? lineDiff(requestYaml(theirs), requestYaml(draft)) : []), [theirs, draft]);
  return (
    <figure className="disk-diff">
      <figcaption>
        <span className="diff-theirs">− on disk</span> <span className="diff-mine">+ yours</span>
      </figcaption>
      <pre aria-label="Differences between the file on disk and your draft">
        {lines.map((line, index) => (
          <div key={index} className={`diff-${line.side}`}>
            {marks[line.side]} {line.text}
          </div>
        ))}
      </pre>
    </figure>
  );
}
