import { matching } from '../helpers/match.ts';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadStarterModels } from '../../server/providers/local/download-starter-models.ts';
import { DEFAULT_STARTER_MODELS } from '../../server/providers/local/starter-model.ts';
import { startFakeModelHub, type FakeModelHub } from '../helpers/fake-model-hub.ts';
import { tinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';
import { closedPort } from './file-server.ts';

/** Two models of different sizes, as the real starters are. */
const small = tinyLlamaGguf({ embeddingLength: 32, seed: 1 });
const large = tinyLlamaGguf({ embeddingLength: 64, seed: 2 });
const SMALL = 'small.gguf';
const LARGE = 'large.gguf';
let hub: FakeModelHub;
let dir: string;

beforeAll(async () => {
  hub = await startFakeModelHub({ [SMALL]: small.bytes, [LARGE]: large.bytes });
  dir = mkdtempSync(join(tmpdir(), 'versus-starters-'));
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

const quiet = { write: () => {}, isTTY: false };
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

describe('the default starter models', () => {
  it('are two different files, each pinned to a revision, a size and a SHA-256', () => {
    expect(DEFAULT_STARTER_MODELS).toHaveLength(2);
    const [a, b] = DEFAULT_STARTER_MODELS;
    expect(a!.fileName).not.toBe(b!.fileName);
    expect(a!.sizeBytes).not.toBe(b!.sizeBytes);
    for (const s of DEFAULT_STARTER_MODELS) {
      expect(s.url).toMatch(/\/resolve\/[0-9a-f]{40}\//);
      expect(s.url.endsWith(`/${s.fileName}`)).toBe(true);
      expect(s.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(s.sizeBytes).toBeGreaterThan(1e6);
    }
  });
});

describe('starter download (the first-run path)', () => {
  it('states the total before starting, draws progress per file, and ends with two verified files', async () => {
    const lines: string[] = [];
    const drawn: string[] = [];
    const modelsDir = join(dir, 'both');
    const r = await downloadStarterModels({
      starters: [hub.starter(SMALL, 'Small (test)'), hub.starter(LARGE, 'Large (test)')],
      modelsDir,
      say: (l) => lines.push(l),
      progressStream: { write: (s: string) => drawn.push(s), isTTY: false },
    });
    expect(r).toEqual([
      { label: 'Small (test)', ok: true, file: join(modelsDir, SMALL) },
      { label: 'Large (test)', ok: true, file: join(modelsDir, LARGE) },
    ]);
    expect(lines[0]).toBe(
      `No model found. Downloading 2 starter models, ${mb(small.sizeBytes + large.sizeBytes)} in all, into ${modelsDir} (set VERSUS_OFFLINE=1 to skip this):`,
    );
    expect(lines[1]).toBe(`  - Small (test), ${mb(small.sizeBytes)} (MIT)`);
    expect(lines[2]).toBe(`  - Large (test), ${mb(large.sizeBytes)} (MIT)`);
    expect(lines.filter((l) => /Downloaded and verified/.test(l))).toHaveLength(2);
    expect(drawn.filter((d) => d.includes(SMALL)).at(-1)).toMatch(/100%/);
    expect(drawn.filter((d) => d.includes(LARGE)).at(-1)).toMatch(/100%/);
    expect(readdirSync(modelsDir).sort()).toEqual([LARGE, SMALL]);
    expect(readFileSync(join(modelsDir, LARGE)).equals(large.bytes)).toBe(true);
  });

  it('refuses a file that does not match its SHA-256, leaves nothing of it, says so and keeps the other', async () => {
    const lines: string[] = [];
    const modelsDir = join(dir, 'one-corrupt');
    const corrupt = Buffer.from(large.bytes);
    const at = corrupt.length - 100;
    corrupt.writeUInt8(corrupt.readUInt8(at) ^ 0xff, at);
    const starters = [hub.starter(SMALL, 'Small (test)'), hub.starter(LARGE, 'Large (test)')];
    hub.replace(LARGE, corrupt);
    try {
      const r = await downloadStarterModels({ starters, modelsDir, say: (l) => lines.push(l), progressStream: quiet });
      expect(r.map((o) => o.ok)).toEqual([true, false]);
      expect(r[1]).toMatchObject({ ok: false, reason: matching(/Checksum mismatch/) });
      expect(lines.at(-1)).toMatch(/^Could not download Large \(test\) \(Checksum mismatch .*\); keeping Small \(test\)\.$/);
      expect(readdirSync(modelsDir)).toEqual([SMALL]);
    } finally {
      hub.replace(LARGE, large.bytes);
    }
  });

  it('where the host cannot be reached, tries once and says so in one line', async () => {
    const lines: string[] = [];
    const port = await closedPort();
    const away = (s: ReturnType<FakeModelHub['starter']>) => ({ ...s, url: s.url.replace(hub.origin, `http://127.0.0.1:${port}`) });
    const r = await downloadStarterModels({
      starters: [away(hub.starter(SMALL)), away(hub.starter(LARGE))],
      modelsDir: join(dir, 'down'),
      say: (l) => lines.push(l),
      progressStream: quiet,
    });
    expect(r.map((o) => o.ok)).toEqual([false, false]);
    expect(lines.filter((l) => / from http/.test(l))).toHaveLength(1);
    expect(lines.filter((l) => /Could not download/.test(l))).toEqual([
      matching(/^Could not download the starter models \(Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\); starting without them\.$/),
    ]);
    expect(existsSync(join(dir, 'down'))).toBe(false);
  });

  it('keeps a starter already downloaded and fetches only the missing one', async () => {
    const lines: string[] = [];
    const modelsDir = join(dir, 'partial');
    mkdirSync(modelsDir);
    writeFileSync(join(modelsDir, SMALL), small.bytes);
    const before = hub.hits.length;
    const r = await downloadStarterModels({
      starters: [hub.starter(SMALL, 'Small (test)'), hub.starter(LARGE, 'Large (test)')],
      modelsDir,
      say: (l) => lines.push(l),
      progressStream: quiet,
    });
    expect(r.map((o) => o.ok)).toEqual([true, true]);
    expect(hub.hits.slice(before).map((h) => h.split('/').at(-1))).toEqual([LARGE]);
    expect(lines[0]).toBe(
      `1 starter model is here already. Downloading a starter model, ${mb(large.sizeBytes)} in all, into ${modelsDir} (set VERSUS_OFFLINE=1 to skip this):`,
    );
  });
});
