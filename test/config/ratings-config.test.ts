import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config/load-config.ts';
import { DEFAULT_PROVISIONAL_VOTES } from '../../server/ratings/compute-leaderboard-ratings.ts';

function withConfig(body: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'versus-cfg-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify(body));
  return { VERSUS_CONFIG: path };
}

describe('the ratings part of the config', () => {
  it('defaults to 1000 rounds, seed 42, the provisional threshold and a mean anchor at 1000', () => {
    expect(loadConfig({}, mkdtempSync(join(tmpdir(), 'versus-cfg-'))).ratings).toEqual({
      rounds: 1000,
      seed: 42,
      provisionalVotes: DEFAULT_PROVISIONAL_VOTES,
      anchor: { value: 1000 },
    });
    // Partly given: the rest still defaults.
    expect(loadConfig(withConfig({ ratings: { rounds: 200 } })).ratings).toEqual({
      rounds: 200,
      seed: 42,
      provisionalVotes: DEFAULT_PROVISIONAL_VOTES,
      anchor: { value: 1000 },
    });
  });

  it('takes a threshold and a pinned model', () => {
    const { ratings } = loadConfig(withConfig({ ratings: { provisionalVotes: 100, anchor: { model: 'gpt-4.1-mini', value: 1200 } } }));
    expect(ratings).toMatchObject({ provisionalVotes: 100, anchor: { model: 'gpt-4.1-mini', value: 1200 } });
    expect(loadConfig(withConfig({ ratings: { anchor: { model: 'gpt-4.1-mini' } } })).ratings.anchor).toEqual({
      model: 'gpt-4.1-mini',
      value: 1000,
    });
  });

  it('names a bad field', () => {
    expect(() => loadConfig(withConfig({ ratings: { provisionalVotes: -1 } }))).toThrow(/ratings\.provisionalVotes/);
    expect(() => loadConfig(withConfig({ ratings: { anchor: { model: 'x', weight: 2 } } }))).toThrow(/ratings\.anchor/);
  });
});
