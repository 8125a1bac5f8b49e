import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface BundleSize {
  /** Gzipped bytes of the JavaScript the arena page loads before it is interactive (entry + preloads). */
  initialGzip: number;
  /** Gzipped bytes of all the JavaScript, lazily loaded chunks included (Markdown, highlighter, diff, the other pages). */
  totalGzip: number;
  files: { file: string; gzip: number; initial: boolean }[];
}

/** Measures the built client in dist/client (run `npm run build` first). */
export function measureBundle(distDir = resolve(import.meta.dirname, '../../dist/client')): BundleSize {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const initial = new Set(
    [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/?([^"]+\.js)"/g)].map((m) => m[1]!),
  );
  const files = readdirSync(join(distDir, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const file = `assets/${f}`;
      return { file, gzip: gzipSync(readFileSync(join(distDir, file)), { level: 9 }).length, initial: initial.has(file) };
    });
  const sum = (xs: { gzip: number }[]) => xs.reduce((n, x) => n + x.gzip, 0);
  return { initialGzip: sum(files.filter((f) => f.initial)), totalGzip: sum(files), files };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const s = measureBundle();
  for (const f of s.files) console.log(`${f.initial ? 'initial' : 'lazy   '} ${(f.gzip / 1000).toFixed(1).padStart(6)} kB  ${f.file}`);
  console.log(
    `arena page JavaScript, gzipped: ${(s.initialGzip / 1000).toFixed(1)} kB initial, ${(s.totalGzip / 1000).toFixed(1)} kB with every lazy chunk`,
  );
}
