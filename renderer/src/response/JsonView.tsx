import { createContext, useContext, useDeferredValue, useId, useMemo, useState, type ReactNode } from 'react';
import type { ElidedValue, MessageValueDelivery, MessageValueDestination } from '../../../shared/api';
import { formatBytes, formatCount } from '../ui/format';
import { longStringChars, longStringShownChars, matchingPaths } from './json-preview';
import { handOverValue } from './copy-received';

/** An object or array shows this many children until "Show more": a 100,000-item array stays cheap. */
const childrenShown = 200;
/** Levels open at first; deeper ones open on a click, or when a search matches inside them. */
const openDepth = 4;

interface Search {
  query: string;
  paths: ReadonlySet<string>;
}

/** A string the host kept back (shared/api/large-values.ts): its whole length, how to fetch it or have the host hand it over. */
interface HeldValue {
  length: number;
  fetch(): Promise<string>;
  deliver?(to: MessageValueDestination): Promise<MessageValueDelivery>;
}

/** Node path (see JsonNode's `path`) → the value the host kept back there. */
const HeldValues = createContext<ReadonlyMap<string, HeldValue>>(new Map());

const nodePath = (path: readonly (string | number)[]): string => path.map((segment) => `\u0000${segment}`).join('');

export interface JsonViewProps {
  value: unknown;
  searchable?: boolean;
  /** Strings of `value` that are only their head (a received message's `elided`), fetched whole by `fetchValue`. */
  elided?: readonly ElidedValue[];
  fetchValue?(path: (string | number)[]): Promise<string>;
  /** The host copies or saves one of them itself (client.deliverMessageValue); `unsupported`: fetchValue it is. */
  deliverValue?(path: (string | number)[], to: MessageValueDestination): Promise<MessageValueDelivery>;
}

/**
 * Read-only JSON as a tree: coloured tokens, objects and arrays that fold, a search that opens
 * and marks what matches, and long strings shown truncated with their size and Copy / Save — so
 * every key is on screen however large its value (a 29 MB base64 field included, which the host
 * keeps and hands over only for Copy or Save).
 */
export function JsonView({ value, searchable = true, elided, fetchValue, deliverValue }: JsonViewProps) {
  const held = useMemo(
    () =>
      new Map<string, HeldValue>(
        fetchValue === undefined
          ? []
          : (elided ?? []).map(({ path, length }) => [
              nodePath(path),
              {
                length,
                fetch: () => fetchValue(path),
                ...(deliverValue === undefined ? {} : { deliver: (to) => deliverValue(path, to) }),
              },
            ]),
      ),
    [elided, fetchValue, deliverValue],
  );
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const { paths, count } = useMemo(() => matchingPaths(value, deferredQuery), [value, deferredQuery]);
  const searchId = useId();
  const search = { query: deferredQuery.toLowerCase(), paths };
  return (
    <div className="json-box">
      {searchable ? (
        <div className="json-search">
          <label htmlFor={searchId} className="visually-hidden">
            Search JSON
          </label>
          <input
            id={searchId}
            type="search"
            placeholder="Search"
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
          {deferredQuery !== '' ? (
            <span className="muted" aria-live="polite">
              {count === 1 ? '1 match' : `${formatCount(count)} matches`}
            </span>
          ) : null}
        </div>
      ) : null}
      <div className="json-view">
        <HeldValues.Provider value={held}>
          <JsonNode value={value} path="" depth={0} last search={search} />
        </HeldValues.Provider>
      </div>
    </div>
  );
}

interface NodeProps {
  name?: string;
  value: unknown;
  path: string;
  depth: number;
  last: boolean;
  search: Search;
}

function JsonNode({ name, value, path, depth, last, search }: NodeProps) {
  const comma = last ? null : <span className="json-punct">,</span>;
  const key =
    name === undefined ? null : (
      <>
        <span className="json-key">
          <Marked text={JSON.stringify(name)} query={search.query} />
        </span>
        <span className="json-punct">: </span>
      </>
    );
  if (typeof value === 'object' && value !== null)
    return <Branch name={name} nameNode={key} value={value} path={path} depth={depth} comma={comma} search={search} />;
  return (
    <div className="json-line">
      {key}
      <Scalar value={value} path={path} query={search.query} />
      {comma}
    </div>
  );
}

function Branch({
  name,
  nameNode,
  value,
  path,
  depth,
  comma,
  search,
}: {
  name?: string;
  nameNode: ReactNode;
  value: object;
  path: string;
  depth: number;
  comma: ReactNode;
  search: Search;
}) {
  const [open, setOpen] = useState(depth < openDepth);
  const [shown, setShown] = useState(childrenShown);
  const isArray = Array.isArray(value);
  const entries = Object.entries(value);
  const [opening, closing] = isArray ? ['[', ']'] : ['{', '}'];
  // A search that matches inside opens the branch while it lasts; closing it again is a click away.
  const isOpen = open || (search.query !== '' && search.paths.has(path));
  const size = isArray ? `${formatCount(entries.length)} items` : `${formatCount(entries.length)} keys`;
  const toggle = (
    <button
      type="button"
      className="json-toggle"
      aria-expanded={isOpen}
      aria-label={`${isOpen ? 'Fold' : 'Unfold'} ${name ?? 'message'}`}
      onClick={() => setOpen(!isOpen)}
    >
      {isOpen ? '▾' : '▸'}
    </button>
  );
  if (!isOpen || entries.length === 0) {
    return (
      <div className="json-line">
        {entries.length > 0 ? toggle : null}
        {nameNode}
        <span className="json-punct">{opening}</span>
        {entries.length > 0 ? <span className="json-folded"> {size} </span> : null}
        <span className="json-punct">{closing}</span>
        {comma}
      </div>
    );
  }
  return (
    <div className="json-branch">
      <div className="json-line">
        {toggle}
        {nameNode}
        <span className="json-punct">{opening}</span>
      </div>
      <div className="json-children">
        {entries.slice(0, shown).map(([childKey, child], index) => (
          <JsonNode
            key={childKey}
            name={isArray ? undefined : childKey}
            value={child}
            path={`${path}\u0000${childKey}`}
            depth={depth + 1}
            last={index === entries.length - 1}
            search={search}
          />
        ))}
        {entries.length > shown ? (
          <button type="button" className="small" onClick={() => setShown(shown + childrenShown * 5)}>
            Show {formatCount(Math.min(entries.length - shown, childrenShown * 5))} more of{' '}
            {formatCount(entries.length - shown)}
          </button>
        ) : null}
      </div>
      <div className="json-line">
        <span className="json-punct">{closing}</span>
        {comma}
      </div>
    </div>
  );
}

function Scalar({ value, path, query }: { value: unknown; path: string; query: string }) {
  const held = useContext(HeldValues).get(path);
  if (typeof value === 'string') {
    if (held !== undefined)
      return <LongString head={value} length={held.length} whole={held.fetch} deliver={held.deliver} query={query} />;
    if (value.length > longStringChars)
      return <LongString head={value} length={value.length} whole={async () => value} query={query} />;
    return (
      <span className="json-string">
        <Marked text={JSON.stringify(value)} query={query} />
      </span>
    );
  }
  const kind = typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'null';
  return (
    <span className={`json-${kind}`}>
      <Marked text={JSON.stringify(value) ?? String(value)} query={query} />
    </span>
  );
}

/** The head of a long string, its size, and Copy / Save for the whole value (which may have to be fetched). */
function LongString({
  head,
  length,
  whole,
  deliver,
  query,
}: {
  head: string;
  length: number;
  whole(): Promise<string>;
  deliver?: HeldValue['deliver'];
  query: string;
}) {
  const [done, setDone] = useState<'copied' | 'saved' | undefined>();
  const [failure, setFailure] = useState<string>();
  const act = (to: MessageValueDestination) =>
    void handOverValue(to, whole, deliver)
      .then((delivery) => {
        if (delivery !== 'cancelled') setDone(to === 'clipboard' ? 'copied' : 'saved');
      })
      .catch((error: unknown) => setFailure(error instanceof Error ? error.message : String(error)));
  // UTF-16 length is what the page holds; base64 and ids are ASCII, so it is the byte size too.
  return (
    <span className="json-long">
      <span className="json-string">
        <Marked text={JSON.stringify(head.slice(0, longStringShownChars)).slice(0, -1)} query={query} />
        …&quot;
      </span>{' '}
      <span className="json-truncated">
        {formatCount(length)} characters ({formatBytes(length)}), truncated
      </span>{' '}
      <button type="button" className="small" onClick={() => act('clipboard')}>
        {done === 'copied' ? 'Copied' : 'Copy value'}
      </button>{' '}
      <button type="button" className="small" onClick={() => act('file')}>
        {done === 'saved' ? 'Saved' : 'Save value'}
      </button>
      {failure === undefined ? null : (
        <span className="field-problem" role="alert">
          {' '}
          {failure}
        </span>
      )}
    </span>
  );
}

/** `text` with every occurrence of `query` (lowercase) marked. */
function Marked({ text, query }: { text: string; query: string }) {
  if (query === '') return text;
  const lower = text.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(query); at !== -1; at = lower.indexOf(query, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + query.length)}</mark>);
    from = at + query.length;
  }
  parts.push(text.slice(from));
  return parts;
}
