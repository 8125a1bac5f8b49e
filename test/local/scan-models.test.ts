import { matching } from '../helpers/match.ts';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelSpec } from '../../shared/catalog.ts';
import { resolveModelsDirs } from '../../server/providers/local/models-dirs.ts';
import { formatParameterCount } from '../../server/providers/local/gguf-facts.ts';
import { scanLocalModels } from '../../server/providers/local/scan-models.ts';
import { writeTinyLlamaGguf, type TinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';

/** Two real models: an unnamed F32 one with a 512-token context, and a named F16 one with 4096. */
let modelsDir: string;
let stories: TinyLlamaGguf;
let tiny: TinyLlamaGguf;
let dir: string;

beforeAll(() => {
  modelsDir = mkdtempSync(join(tmpdir(), 'versus-scan-models-'));
  stories = writeTinyLlamaGguf(join(modelsDir, 'stories-tiny.gguf'), { contextLength: 512 });
  tiny = writeTinyLlamaGguf(join(modelsDir, 'llama-2-tiny-random.gguf'), {
    contextLength: 4096,
    tensorType: 'F16',
    name: 'LLaMA v2',
    seed: 2,
  });
  dir = mkdtempSync(join(tmpdir(), 'versus-scan-'));
  const real = readFileSync(stories.path);
  copyFileSync(stories.path, join(dir, 'good copy.gguf'));
  writeFileSync(join(dir, 'garbage.gguf'), Buffer.from('this is not a model, just text pretending to be one'.repeat(50)));
  writeFileSync(join(dir, 'half.gguf'), real.subarray(0, real.length >> 1));
  writeFileSync(join(dir, 'header-only.gguf'), real.subarray(0, 4000));
  writeFileSync(join(dir, 'empty.gguf'), Buffer.alloc(0));
  writeFileSync(join(dir, 'notes.txt'), 'not scanned');
  writeFileSync(join(dir, 'download.gguf.part'), real.subarray(0, 1000));
  mkdirSync(join(dir, 'nested'));
  copyFileSync(tiny.path, join(dir, 'nested', 'tiny.gguf'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(modelsDir, { recursive: true, force: true });
});

describe('GGUF scan', () => {
  it('turns each real GGUF into a catalog entry from its metadata', async () => {
    const { models, problems } = await scanLocalModels([modelsDir]);
    expect(problems).toEqual([]);
    const entry = models.find((m) => m.id === 'local:stories-tiny')!;
    expect(() => ModelSpec.parse(entry)).not.toThrow();
    expect(entry).toMatchObject({
      label: 'stories-tiny',
      organisation: 'local',
      endpoint: 'local',
      upstreamModel: stories.path,
      pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
      contextWindow: 512,
      openWeights: true,
      releaseDate: null,
      knowledgeCutoff: null,
      license: null,
      source: 'GGUF metadata of stories-tiny.gguf',
    });
    expect(entry.details).toMatchObject({
      architecture: 'llama',
      quantization: 'F32',
      file: 'stories-tiny.gguf',
      'file size': `${(stories.sizeBytes / 1000).toFixed(1)} KB`,
      parameters: formatParameterCount(stories.parameters),
    });
    expect(entry.details['chat template']).toMatch(/plain text completion/);
    const named = models.find((m) => m.id === 'local:llama-2-tiny-random')!;
    expect(named).toMatchObject({ label: 'LLaMA v2 · F16', contextWindow: 4096 });
    expect(named.details['quantization']).toBe('F16');
    // F16 weight matrices: the same shapes in fewer bytes.
    expect(tiny.sizeBytes).toBeLessThan(stories.sizeBytes * 0.6);
  });

  it('reports corrupt, truncated and non-GGUF files by name and reason, skips them, and keeps going', async () => {
    const { models, problems } = await scanLocalModels([dir]);
    expect(models.map((m) => m.id).sort()).toEqual(['local:good-copy', 'local:tiny']);
    expect(models.every((m) => m.upstreamModel.startsWith(dir))).toBe(true);
    const about = (name: string) => problems.find((p) => p.startsWith(join(dir, name)));
    expect(about('garbage.gguf')).toMatch(/not a GGUF file.*skipped/);
    expect(about('half.gguf')).toMatch(/truncated.*skipped/);
    expect(about('header-only.gguf')).toMatch(/(truncated|incomplete|unreadable).*skipped/);
    expect(about('empty.gguf')).toMatch(/skipped/);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).not.toMatch(/notes\.txt|\.part/);
    // No control bytes from a garbage header leak into console lines.
    expect(problems.join('\n')).toMatch(/^[\x20-\x7e\n]*$/);
  });

  it('gives unique ids when two directories hold files of the same name', async () => {
    const other = mkdtempSync(join(tmpdir(), 'versus-scan2-'));
    try {
      copyFileSync(stories.path, join(other, 'stories-tiny.gguf'));
      const { models } = await scanLocalModels([modelsDir, other]);
      const ids = models.map((m) => m.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toContain('local:stories-tiny-2');
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('treats a missing directory as empty and a file given as a directory as a problem', async () => {
    const { models, problems } = await scanLocalModels([join(dir, 'does-not-exist'), join(dir, 'notes.txt')]);
    expect(models).toEqual([]);
    expect(problems).toEqual([matching(/notes\.txt: cannot be read as a models directory \(not a directory\)/)]);
  });

  it('looks in ./models plus every VERSUS_MODELS_DIR entry', () => {
    const dirs = resolveModelsDirs({
      cwd: '/srv/versus',
      env: { VERSUS_MODELS_DIR: ['../shared/models', '/data/gguf', ''].join(delimiter) },
    });
    expect(dirs).toEqual(['/srv/versus/models', '/srv/shared/models', '/data/gguf']);
    expect(resolveModelsDirs({ cwd: '/x', env: {} })).toEqual(['/x/models']);
  });
});
