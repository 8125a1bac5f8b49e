import type { AnswerStyle, BattleWithDetails, ControlFigures } from '../../db/battle-store.ts';
import { addStyleFeatures, extractStyleFeatures } from '../ratings/extract-style-features.ts';

const NONE: AnswerStyle = { length: 0, headers: 0, listItems: 0, bold: 0 };

/** Each side's style summed over the turns, as LMArena sums over the conversation (the answers a battle shows now). */
export function answerStyles(d: BattleWithDetails): { a: AnswerStyle; b: AnswerStyle } {
  const styles = { a: NONE, b: NONE };
  for (const r of d.responses) styles[r.side] = addStyleFeatures(styles[r.side], extractStyleFeatures(r.text));
  return styles;
}

/** What the controlled fits read of a battle: its styles, and each side's first-turn speed if that answer finished. */
export function controlFiguresOf(d: BattleWithDetails, style: { a: AnswerStyle; b: AnswerStyle }): ControlFigures {
  const speedOf = (side: 'a' | 'b') => {
    const r = d.responses.find((x) => x.turn === 0 && x.side === side && x.status === 'finished');
    return { ttftMs: r?.metrics.ttftMs ?? null, tokensPerSecond: r?.metrics.outputTokensPerSecond ?? null };
  };
  return { battleId: d.battle.id, style, speed: { a: speedOf('a'), b: speedOf('b') } };
}
