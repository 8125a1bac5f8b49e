import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * `npm run bench`: runs the default export of every bench/*.bench.ts, in name
 * order, one after another (never in parallel: they measure time and share the
 * machine's cores), with a header per bench. VERSUS_BENCH=load,ratings picks some.
 */

const dir = import.meta.dirname;
const only = process.env.VERSUS_BENCH?.split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !only || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

let failed = 0;
for (const file of files) {
  const name = file.replace(/\.bench\.ts$/, '');
  console.log(`\n=== ${name} (bench/${file}) ${'='.repeat(Math.max(3, 60 - name.length - file.length))}`);
  const started = performance.now();
  try {
    const mod = (await import(pathToFileURL(join(dir, file)).href)) as { default?: () => Promise<void> | void };
    if (typeof mod.default !== 'function') throw new Error('no default export to run');
    await mod.default();
    console.log(`--- ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } catch (e) {
    failed++;
    console.log(`--- ${name}: FAILED after ${((performance.now() - started) / 1000).toFixed(1)} s: ${(e as Error).stack ?? String(e)}`);
  }
}
if (files.length === 0) console.log(`no benches matched${only ? ` ${only.join(', ')}` : ''}`);
process.exit(failed > 0 ? 1 : 0);
