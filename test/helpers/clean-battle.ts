import type { CleanBattle } from '../../shared/clean-battle.ts';

/** Clean battle n as an export line holds it: one turn, both answers, a vote; `over` changes what a test needs. */
export function cleanBattle(n: number, over: Partial<CleanBattle> = {}): CleanBattle {
  return {
    question_id: `clean-${n}`,
    model_a: 'alpha',
    model_b: 'beta',
    winner: 'model_a',
    judge: 'test',
    conversation_a: [
      { role: 'user', content: `q${n}` },
      { role: 'assistant', content: `a${n}` },
    ],
    conversation_b: [
      { role: 'user', content: `q${n}` },
      { role: 'assistant', content: `b${n}` },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_750_000_000 + n,
    ...over,
  };
}
