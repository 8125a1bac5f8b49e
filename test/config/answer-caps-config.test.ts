import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerCapsFrom, DEFAULT_ANSWER_CAPS } from '../../server/arena/answer-caps.ts';
import { ConfigError, loadConfig } from '../../server/config/load-config.ts';

function withConfig(body: unknown) {
  const dir = mkdtempSync(join(tmpdir(), 'versus-caps-'));
  const path = join(dir, 'c.json');
  writeFileSync(path, JSON.stringify(body));
  return { VERSUS_CONFIG: path };
}

describe('battle.maxAnswerSeconds and battle.maxAnswerBytes', () => {
  it('default to 10 minutes and 1 MiB, with or without a battle section', () => {
    expect(DEFAULT_ANSWER_CAPS).toEqual({ wallMs: 600_000, textBytes: 1_048_576 });
    for (const body of [{}, { battle: { systemPrompt: 'Be brief.' } }]) {
      const { battle } = loadConfig(withConfig(body));
      expect(battle).toMatchObject({ maxAnswerSeconds: 600, maxAnswerBytes: 1_048_576 });
      expect(answerCapsFrom(battle)).toEqual(DEFAULT_ANSWER_CAPS);
    }
  });

  it('take what the config says', () => {
    const { battle } = loadConfig(withConfig({ battle: { maxAnswerSeconds: 90, maxAnswerBytes: 65_536 } }));
    expect(answerCapsFrom(battle)).toEqual({ wallMs: 90_000, textBytes: 65_536 });
  });

  it('refuse a cap that is no cap', () => {
    expect(() => loadConfig(withConfig({ battle: { maxAnswerSeconds: 0 } }))).toThrow(ConfigError);
    expect(() => loadConfig(withConfig({ battle: { maxAnswerBytes: 10 } }))).toThrow(/battle\.maxAnswerBytes/);
  });
});
