// The renderer bundle. Electron loads it from its app:// scheme (hence the relative base), browser mode
// serves the same files. Monaco and its workers are bundled (no CDN: the app runs offline
// under a strict CSP); heavy views are split into lazily loaded chunks.
import react from '@vitejs/plugin-react';
// Build-time Node code, so it lives in scripts/ rather than in the browser-only renderer/.
import { fileURLToPath } from 'node:url';
import { defineConfig, type HtmlTagDescriptor, type Plugin, type Rollup } from 'vite';

const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));

/**
 * main.tsx imports the first screen (renderer/src/app/mount-app.tsx) lazily, after it has opened the
 * host link, so the host answers the store's first requests while React and the components run;
 * Vite would only start fetching that chunk (and its CSS) when the import runs. This puts a
 * modulepreload of it and of the chunks it imports, and their stylesheets, into index.html, so they
 * download beside the entry chunk (Vite's import helper finds the stylesheets there and does not
 * load them again). Monaco is not preloaded: fetching and compiling its 4 MB at start delays Send
 * (bench/ui-start.ts, measured).
 */
function preloadChunkOf(module: string): Plugin {
  return {
    name: 'workbench-preload-chunk',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, context) {
        const bundle: Rollup.OutputBundle = context.bundle ?? {};
        const chunks = Object.values(bundle).filter((output): output is Rollup.OutputChunk => output.type === 'chunk');
        // The chunk has no facade module when Rollup moves shared modules into it: find it by content.
        const start = chunks.find((chunk) => chunk.moduleIds.some((id) => id.endsWith(module)));
        if (!start) throw new Error(`The renderer build has no chunk for ${module}.`);
        const linked = new Set<string>();
        const tags: HtmlTagDescriptor[] = [];
        const link = (rel: string, fileName: string): void => {
          if (linked.has(fileName) || html.includes(fileName)) return;
          linked.add(fileName);
          tags.push({ tag: 'link', attrs: { rel, crossorigin: true, href: `./${fileName}` }, injectTo: 'head' });
        };
        const visit = (fileName: string): void => {
          if (linked.has(fileName) || html.includes(fileName)) return;
          const chunk = bundle[fileName] as Rollup.OutputChunk;
          link('modulepreload', fileName);
          for (const sheet of chunk.viteMetadata?.importedCss ?? []) link('stylesheet', sheet);
          for (const imported of chunk.imports) visit(imported);
        };
        visit(start.fileName);
        return tags;
      },
    },
  };
}

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react(), preloadChunkOf('/renderer/src/app/mount-app.tsx')],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Monaco alone is several MB; it is a lazy chunk, so the warning says nothing useful.
    chunkSizeWarningLimit: 6000,
    sourcemap: false,
    rollupOptions: {
      // zod ships /* @__PURE__ */ comments Rollup cannot place; it drops them harmlessly, but the
      // warning buries real ones in every build log.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('node_modules/zod/')) return;
        warn(warning);
      },
    },
  },
  worker: { format: 'es' },
});
