import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load-config.ts';

function withConfig(body: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'versus-cfg-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify(body));
  return loadConfig({ VERSUS_CONFIG: path }, dir);
}

const starter = (fileName: string) => ({
  label: fileName,
  url: `https://example.org/org/repo/resolve/0123456789abcdef0123456789abcdef01234567/${fileName}`,
  sha256: 'a'.repeat(64),
  sizeBytes: 1000,
  fileName,
  license: 'MIT',
});

describe('local.starter in the config file', () => {
  it('takes a list of starter models, one object (older configs), or false for none; unset means the defaults', () => {
    expect(withConfig({ local: { starter: [starter('a.gguf'), starter('b.gguf')] } }).local.starter).toEqual([
      starter('a.gguf'),
      starter('b.gguf'),
    ]);
    expect(withConfig({ local: { starter: starter('one.gguf') } }).local.starter).toEqual(starter('one.gguf'));
    expect(withConfig({ local: { starter: false } }).local.starter).toBe(false);
    expect(withConfig({}).local.starter).toBeUndefined();
  });

  it('refuses an entry without a checksum, a file name with a folder, or two entries for one file', () => {
    const { sha256: _, ...unsummed } = starter('a.gguf');
    expect(() => withConfig({ local: { starter: [unsummed] } })).toThrow(/local\.starter/);
    expect(() => withConfig({ local: { starter: [starter('../a.gguf')] } })).toThrow(/local\.starter/);
    expect(() => withConfig({ local: { starter: [starter('a.gguf'), starter('a.gguf')] } })).toThrow(/two starters share a fileName/);
  });
});
