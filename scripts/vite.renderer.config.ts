// The renderer bundle. Electron loads it from its app:// scheme (hence the relative base), browser mode
// serves the same files. Monaco and its workers are bundled (no CDN: the app runs offline
// under a strict CSP); heavy views are split into lazily loaded chunks.
import react from '@vitejs/plugin-react';
// Build-time Node code, so it lives in scripts/ rather than in the browser-only renderer/.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('../renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
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
