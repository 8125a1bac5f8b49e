import { describe, expect, it } from 'vitest';
import { pairText, totalsText, voteText } from '../../client/lib/history-format.ts';

describe('history lines', () => {
  it('says the vote, and when it did not count', () => {
    expect(voteText(null)).toBe('Not voted yet');
    expect(voteText({ choice: 'b', countsForRatings: true, at: 1 })).toBe('Voted: B is better');
    expect(voteText({ choice: 'tie', countsForRatings: false, at: 1 })).toBe('Voted: Tie (not counted for ratings)');
  });

  it('keeps a blind battle blind until its vote', () => {
    expect(pairText({ sides: { a: null, b: null } })).toBe('Models hidden until you vote');
    const id = (label: string) => ({ modelId: label.toLowerCase(), label, organisation: 'O' });
    expect(pairText({ sides: { a: id('Alpha'), b: id('Beta') } })).toBe('Alpha vs Beta');
  });

  it('writes totals with units, unknown as a dash', () => {
    const t = { answers: 2, inputTokens: 40, outputTokens: 1234, costUsd: 0.0042, latencyMs: 2300, estimated: false };
    expect(totalsText(t)).toBe('$0.0042 · 1,234 tokens out · 2.30 s');
    expect(totalsText({ ...t, costUsd: null, estimated: true })).toBe('— · ≈1,234 tokens out · 2.30 s');
  });
});
