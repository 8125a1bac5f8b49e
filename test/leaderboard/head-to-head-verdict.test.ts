import { describe, expect, it } from 'vitest';
import { headToHeadVerdict, type VerdictInput } from '../../server/leaderboard/head-to-head-verdict.ts';
import { row } from '../client/fixtures.ts';

const verdict = (over: Partial<VerdictInput>) =>
  headToHeadVerdict({
    a: row('alpha'),
    b: row('beta'),
    predictedWinA: 0.5,
    votesToSeparate: null,
    priceRatio: null,
    provisionalVotes: 50,
    ...over,
  });

describe('headToHeadVerdict', () => {
  it('names the preferred model when the intervals are apart, with the prediction', () => {
    const text = verdict({
      a: row('alpha', { rating: 1100, ciLower: 1080, ciUpper: 1120, votes: 400 }),
      b: row('beta', { votes: 400 }),
      predictedWinA: 0.64,
      votesToSeparate: 0,
    });
    expect(text).toMatch(
      /^Alpha is preferred: rated 1100 \(95% CI 1080–1120\) against Beta's 1000 \(95% CI 980–1020\)\. The intervals do not overlap, and the ratings predict Alpha wins 64%/,
    );
  });

  it('formats the votes needed', () => {
    const text = verdict({ a: row('alpha', { rating: 1010 }), votesToSeparate: 1234 });
    expect(text).toContain(
      'Too close to call: Alpha 1010 (95% CI 980–1020) and Beta 1000 (95% CI 980–1020) overlap. If the gap holds, about 1,200 more votes would separate them.',
    );
  });

  it('says there is no realistic number when there is none', () => {
    expect(verdict({ votesToSeparate: null })).toMatch(/^Statistically tied: .* the gap is too small for any realistic number of votes/);
  });

  it('says the evidence is thin when either model is provisional, and why', () => {
    const text = verdict({
      a: row('alpha', { provisional: true, votes: 12, rankUB: null }),
      b: row('beta', { provisional: true, votes: 900, rankUB: null }),
    });
    expect(text).toMatch(
      /^The evidence is thin: Alpha has 12 counted votes, and Beta's votes do not link it to the ranked models yet; ratings are provisional below 50 votes\. /,
    );
    expect(verdict({})).not.toContain('thin');
  });

  it('writes an open interval as "at least" and does not invent a prediction or a vote count', () => {
    const champ = row('alpha', { rating: null, ciLower: 1535.2, ciUpper: null, provisional: true, votes: 40, rankUB: null });
    expect(verdict({ a: champ, predictedWinA: null, votesToSeparate: 0 })).toContain(
      "Alpha is preferred: rated at least 1535 (no upper bound) against Beta's 1000 (95% CI 980–1020). The intervals do not overlap.",
    );
    const close = row('beta', { rating: 1560, ciLower: 1500, ciUpper: 1620 });
    expect(verdict({ a: champ, b: close, predictedWinA: null })).toContain(
      'Too close to call: Alpha at least 1535 (no upper bound) and Beta 1560 (95% CI 1500–1620) overlap, and an open interval gives no estimate',
    );
  });

  it('cannot compare a model that is not linked to the anchor models, and says so', () => {
    const island = row('beta', { rating: null, ciLower: null, ciUpper: null, provisional: true, votes: 2, rankUB: null });
    expect(verdict({ b: island, predictedWinA: null })).toContain(
      'They cannot be compared yet: Alpha is 1000 (95% CI 980–1020) and Beta not yet placed on the scale.',
    );
  });

  it('asks for votes when a model has none', () => {
    expect(verdict({ b: row('beta', { rating: null, ciLower: null, ciUpper: null, votes: 0, provisional: true }) })).toMatch(
      /^Not enough votes yet: Beta has no counted votes\./,
    );
  });
});
