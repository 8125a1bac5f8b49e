import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The server's port in development (`npm run dev`); the Vite dev server proxies /api, /auth and /ws to it. */
const serverPort = Number(process.env.VERSUS_PORT ?? 8787);
const target = `http://127.0.0.1:${serverPort}`;

export default defineConfig({
  root: here('./client'),
  // Preact's automatic JSX runtime through Vite's built-in oxc transform (no babel preset needed).
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here('./dist/client'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: true,
    // Every browser Versus supports (ES2022) has <link rel="modulepreload">: no polyfill in the first load.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        // The libraries every page needs travel as one chunk, and so do the shared schema modules that two or more
        // pages use (a few of them only lazy pages use, a few hundred bytes): one file compresses better than a dozen
        // small ones, which keeps the arena's first load (test/e2e/bundle-size.ts, budget 60 kB) within budget.
        codeSplitting: {
          groups: [
            { name: 'vendor', test: /node_modules[\\/](preact|@preact|zod)[\\/]/ },
            { name: 'common', test: /[\\/]shared[\\/][^/\\]+\.ts$/, minShareCount: 2 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target, changeOrigin: false },
      '/auth': { target, changeOrigin: false },
      '/ws': { target, ws: true, changeOrigin: false },
    },
  },
});
