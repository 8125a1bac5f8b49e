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
