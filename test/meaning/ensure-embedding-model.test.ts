import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddingModelId, NOMIC_EMBED_TEXT_V1_5, type EmbeddingModelSpec } from '../../server/meaning/embedding-model-spec.ts';
import { embeddingDownloadsOff, ensureEmbeddingModel } from '../../server/meaning/ensure-embedding-model.ts';
import { startFakeModelHub, type FakeModelHub } from '../helpers/fake-model-hub.ts';
import { tinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

const FILE = 'embed-fixture.gguf';
const fixture = tinyLlamaGguf({ embeddingLength: 32, seed: 5 });
let hub: FakeModelHub;
let dir: string;

beforeAll(async () => {
  hub = await startFakeModelHub({ [FILE]: fixture.bytes });
  dir = mkdtempSync(join(tmpdir(), 'versus-embed-dl-'));
});
afterAll(async () => {
  await hub.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The real spec, pointed at the fake hub's pinned file. */
function spec(): EmbeddingModelSpec {
  const s = hub.starter(FILE, 'Embed fixture');
  return { ...NOMIC_EMBED_TEXT_V1_5, label: s.label, url: s.url, sha256: s.sha256, sizeBytes: s.sizeBytes, fileName: FILE };
}
const quiet = { write: () => {}, isTTY: false };

describe('the pinned embedding model', () => {
  it('is nomic-embed-text v1.5 Q8_0 at a fixed commit, with its size and SHA-256, and its task prefixes as data', () => {
    const s = NOMIC_EMBED_TEXT_V1_5;
    expect(s.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(s.url).toBe(`https://huggingface.co/${s.repository}/resolve/${s.revision}/${s.fileName}`);
    expect(s.sha256).toBe('3e24342164b3d94991ba9692fdc0dd08e3fd7362e0aacc396a9a5c54a544c3b7');
    expect(s.sizeBytes).toBe(146_146_432);
    expect([s.documentPrefix, s.queryPrefix]).toEqual(['search_document: ', 'search_query: ']);
    expect(embeddingModelId(s)).toBe('nomic-embed-text-v1.5-q8_0@0188c9bf4097/256ln+search_document:');
  });
});

describe('first-run download of the embedding model', () => {
  it('says what, how big and where, draws progress, and keeps only the verified file', async () => {
    const lines: string[] = [];
    const drawn: string[] = [];
    const to = join(dir, 'fresh');
    const r = await ensureEmbeddingModel({
      spec: spec(),
      dir: to,
      offline: false,
      say: (l) => lines.push(l),
      progressStream: { write: (s: string) => drawn.push(s), isTTY: false },
    });
    expect(r).toEqual({ ok: true, path: join(to, FILE) });
    expect(lines[0]).toMatch(
      new RegExp(
        `^Boards by meaning: downloading the embedding model Embed fixture, ${(fixture.sizeBytes / 1e6).toFixed(1)} MB in all \\(Apache-2.0\\), into ${to}`,
      ),
    );
    expect(lines[0]).toContain('VERSUS_OFFLINE=1');
    expect(lines.at(-1)).toMatch(/Downloaded and verified \(sha256 [0-9a-f]{12}…\)/);
    expect(drawn.at(-1)).toMatch(/100%/);
    expect(readdirSync(to)).toEqual([FILE]);
    expect(readFileSync(join(to, FILE)).equals(fixture.bytes)).toBe(true);

    // Present: used as it is, nothing fetched.
    const hits = hub.hits.length;
    expect(await ensureEmbeddingModel({ spec: spec(), dir: to, offline: false, say: () => {}, progressStream: quiet })).toEqual(r);
    expect(hub.hits.length).toBe(hits);
  });

  it('with VERSUS_OFFLINE=1 downloads nothing and says so', async () => {
    const hits = hub.hits.length;
    const to = join(dir, 'offline');
    const r = await ensureEmbeddingModel({ spec: spec(), dir: to, offline: true, say: () => {}, progressStream: quiet });
    expect(r).toEqual({ ok: false, reason: `${FILE} is not in ${to}, and VERSUS_OFFLINE=1 downloads nothing` });
    expect(hub.hits.length).toBe(hits);
    expect(existsSync(to)).toBe(false);
    expect(embeddingDownloadsOff(false, { VERSUS_OFFLINE: '1' })).toBe(true);
    expect(embeddingDownloadsOff(false, { VERSUS_OFFLINE: '0' })).toBe(false);
    expect(embeddingDownloadsOff(true, {})).toBe(true);
  });

  it('refuses bytes that do not match the pin, leaving neither the file nor its .part', async () => {
    const s = spec();
    const corrupt = Buffer.from(fixture.bytes);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 10) ^ 0xff, corrupt.length - 10);
    hub.replace(FILE, corrupt);
    const lines: string[] = [];
    const to = join(dir, 'corrupt');
    try {
      const r = await ensureEmbeddingModel({ spec: s, dir: to, offline: false, say: (l) => lines.push(l), progressStream: quiet });
      expect(r.ok).toBe(false);
      expect(r.ok ? '' : r.reason).toMatch(/Checksum mismatch/);
      expect(lines.at(-1)).toMatch(/Could not download the embedding model .*boards by meaning are off/);
      expect(existsSync(to) ? readdirSync(to) : []).toEqual([]);
    } finally {
      hub.replace(FILE, fixture.bytes);
    }
  });
});
