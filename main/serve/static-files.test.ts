import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveStaticPath } from './static-files';

const root = resolve('/srv/ui');

describe('resolveStaticPath', () => {
  it('maps paths inside the directory, / to index.html', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveStaticPath(root, '/assets/a%20b.js')).toBe(join(root, 'assets', 'a b.js'));
  });

  it('refuses anything that would leave the directory', () => {
    for (const path of [
      '/..',
      '/../etc/passwd',
      '/%2e%2e/x',
      '/a/%2e%2e/%2e%2e/x',
      '/..%5cx',
      '/x%00.js',
      '/%E0%A4%A',
      '//etc/passwd/../..',
    ]) {
      expect(resolveStaticPath(root, path), path).toBeUndefined();
    }
  });

  it('names content types of the built UI', () => {
    expect(contentTypeOf('index.html')).toBe('text/html; charset=utf-8');
    expect(contentTypeOf('editor.worker.js')).toBe('text/javascript; charset=utf-8');
    expect(contentTypeOf('codicon.TTF')).toBe('font/ttf');
    expect(contentTypeOf('blob.bin')).toBe('application/octet-stream');
  });
});
