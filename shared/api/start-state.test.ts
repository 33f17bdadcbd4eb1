import { describe, expect, it } from 'vitest';
import type { StartState } from './start-state';
import { pageWithStartState, parseStartState, scriptSafeJson, startStateElementId } from './start-state';

const page = '<!doctype html>\n<html><head><title>w</title></head><body><div id="root"></div></body></html>';

/** The element's text as an HTML parser sees it: up to the first `</script` after its start tag. */
function elementText(html: string): string {
  const start = html.indexOf(`id="${startStateElementId}">`);
  expect(start).toBeGreaterThan(-1);
  const from = start + `id="${startStateElementId}">`.length;
  return html.slice(from, html.toLowerCase().indexOf('</script', from));
}

describe('the start state in the page', () => {
  const typed = 'a </script><script>alert(1)</script> <!-- b \u2028 c \u2029 d & > </SCRIPT >';
  const state: StartState = {
    hostInfo: { version: '1', host: 'browser' },
    workspace: {
      workspace: {
        version: 1,
        tabs: [
          { id: 't1', draft: { kind: 'grpc-request', name: typed, method: 'a.B/C', target: 'x:1', message: typed } },
        ],
        collections: [],
      },
    },
  };

  it('survives a draft that holds </script>, <!-- and the line separators, as one element', () => {
    const html = pageWithStartState(page, state);
    const text = elementText(html);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(parseStartState(text)).toEqual(state);
    // The rest of the page is untouched, and the element sits in the head.
    expect(html.replace(/<script type="application\/json"[^>]*>[^<]*<\/script>\n/, '')).toBe(page);
    expect(html.indexOf(startStateElementId)).toBeLessThan(html.indexOf('</head>'));
  });

  it('goes at the end of a page without a head', () => {
    const html = pageWithStartState('<!doctype html><title>w</title>', state);
    expect(html.startsWith('<!doctype html><title>w</title><script type="application/json"')).toBe(true);
    expect(parseStartState(elementText(html))).toEqual(state);
  });

  it('escapes exactly the characters that could end or bend the element', () => {
    expect(scriptSafeJson({ a: '</script>&\u2028' })).toBe('{"a":"\\u003c/script\\u003e\\u0026\\u2028"}');
    expect(JSON.parse(scriptSafeJson({ a: '</script>&\u2028' }))).toEqual({ a: '</script>&\u2028' });
  });

  it('is not a start state when missing, not JSON or without host info (the page then asks the host)', () => {
    for (const text of [undefined, null, '', '{', 'null', '[]', '{"workspace":{}}', '{"hostInfo":{}}'])
      expect(parseStartState(text), String(text)).toBeUndefined();
    expect(parseStartState('{"hostInfo":{"version":"1","host":"electron"},"workspace":null}')).toEqual({
      hostInfo: { version: '1', host: 'electron' },
    });
  });
});
