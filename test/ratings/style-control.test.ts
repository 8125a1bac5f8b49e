import { describe, expect, it } from 'vitest';
import { NATS_TO_RATING } from '../../server/ratings/bradley-terry-solver.ts';
import { controlledBattles } from '../../server/ratings/controlled-battles.ts';
import { controlledPairCounts } from '../../server/ratings/controlled-pair-counts.ts';
import { controlledRatings } from '../../server/ratings/controlled-ratings.ts';
import { extractStyleFeatures, addStyleFeatures, type StyleFeatures } from '../../server/ratings/extract-style-features.ts';
import { fitBradleyTerry } from '../../server/ratings/fit-bradley-terry.ts';
import { fitControlledBradleyTerry } from '../../server/ratings/fit-controlled-bradley-terry.ts';
import { STYLE_COVARIATES, styleCovariates } from '../../server/ratings/style-covariates.ts';
import { anchoredTruth, syntheticControlled, type SyntheticModel } from './controlled-synthetic.ts';
import { syntheticVotes } from './helpers.ts';

describe('extractStyleFeatures', () => {
  it('counts headers, list items and bold outside fenced code, and characters of everything', () => {
    const text = [
      '# Title',
      'Intro with **bold** and __also bold__ and ** not bold',
      '## Part',
      '- one',
      '  * two',
      '1. first',
      '10. tenth',
      '#not a header',
      '```md',
      '# in code',
      '- in code',
      '**in code**',
      '```',
      'done 😀',
    ].join('\n');
    const f = extractStyleFeatures(text);
    expect(f).toEqual({ length: [...text].length, headers: 2, listItems: 4, bold: 2 });
  });

  it('adds the features of several answers (a multi-turn side)', () => {
    const x: StyleFeatures = { length: 10, headers: 1, listItems: 2, bold: 3 };
    expect(addStyleFeatures(x, x)).toEqual({ length: 20, headers: 2, listItems: 4, bold: 6 });
  });
});

describe('styleCovariates', () => {
  it('is (a − b)/(a + b + 1) per feature, antisymmetric, and 0 for alike answers', () => {
    const a: StyleFeatures = { length: 300, headers: 1, listItems: 0, bold: 4 };
    const b: StyleFeatures = { length: 100, headers: 0, listItems: 0, bold: 4 };
    const z = styleCovariates(a, b);
    expect(z[0]).toBeCloseTo(200 / 401, 12);
    expect(z[1]).toBeCloseTo(1 / 2, 12);
    expect(z[2]).toBe(0);
    expect(z[3]).toBe(0);
    expect(styleCovariates(b, a)).toEqual(z.map((v) => (v === 0 ? 0 : -v)));
  });
});

/** Five ordinary models and one that writes three times as much, as strong as the middle one. */
function answers(meanLength: number) {
  return (normal: () => number, uniform: () => number) => ({
    length: Math.round(meanLength * Math.exp(0.5 * normal())),
    headers: uniform() < 0.3 ? Math.floor(uniform() * 4) : 0,
    listItems: Math.floor(uniform() * 6),
    bold: Math.floor(uniform() * 3),
  });
}
const MODELS: SyntheticModel[] = [
  { name: 'alpha', rating: 1100, answer: answers(800) },
  { name: 'bravo', rating: 1050, answer: answers(800) },
  { name: 'charlie', rating: 1000, answer: answers(800) },
  { name: 'delta', rating: 950, answer: answers(800) },
  { name: 'echo', rating: 900, answer: answers(800) },
  { name: 'verbose', rating: 1000, answer: answers(2400) },
];
/** Voters prefer the longer answer: +1.2 log-odds per unit of the normalised length difference; other style has no effect. */
const LENGTH_EFFECT = 1.2;
const style = (a: Record<string, number>, b: Record<string, number>) =>
  styleCovariates(a as unknown as StyleFeatures, b as unknown as StyleFeatures);

describe('style control on battles where one model wins only through length', () => {
  const { data } = syntheticControlled(MODELS, 20_000, 7, STYLE_COVARIATES, style, [LENGTH_EFFECT, 0, 0, 0]);
  const board = controlledRatings(data, { rounds: 400, seed: 3 });
  const truth = anchoredTruth(
    MODELS,
    MODELS.map((m) => m.name),
  );
  const row = (name: string) => board.models.find((m) => m.model === name)!;

  it('puts the verbose model back at its true strength, within its interval, while the plain fit overrates it', () => {
    const verbose = row('verbose');
    const plain = fitBradleyTerry(controlledPairCounts(data)).ratings[data.models.indexOf('verbose')]!;
    expect(board.anchor.models).toHaveLength(MODELS.length); // all established: the anchor is the mean the truth is relative to
    expect(verbose.ciLower!).toBeLessThanOrEqual(truth.get('verbose')!);
    expect(verbose.ciUpper!).toBeGreaterThanOrEqual(truth.get('verbose')!);
    expect(plain).toBeGreaterThan(verbose.ciUpper!);
    expect(plain - truth.get('verbose')!).toBeGreaterThan(3 * (verbose.ciUpper! - verbose.ciLower!));
  });

  it('recovers every model within twice its half-width, and the length coefficient within its interval', () => {
    for (const m of board.models) {
      const half = (m.ciUpper! - m.ciLower!) / 2;
      expect(Math.abs(m.rating! - truth.get(m.model)!), m.model).toBeLessThan(2 * half);
    }
    const length = board.coefficients[0]!;
    const expected = LENGTH_EFFECT * length.scale * NATS_TO_RATING; // rating points per RMS of the covariate
    expect(length.ciLower!).toBeLessThanOrEqual(expected);
    expect(length.ciUpper!).toBeGreaterThanOrEqual(expected);
    for (const c of board.coefficients.slice(1)) expect(Math.abs(c.value), c.name).toBeLessThan(length.value / 5);
  });

  it('resampled by little bootstraps here, with widths like the plain bootstrap on all rows', () => {
    expect(board.subsets).toBeGreaterThan(1);
    const plain = controlledRatings(data, { rounds: 400, seed: 3, subsetExponent: 1, rowsPerParameter: 1e9 });
    expect(plain.subsets).toBe(1);
    expect(plain.subsetRows).toBe(data.a.length);
    board.models.forEach((m, i) => {
      const ratio = (m.ciUpper! - m.ciLower!) / (plain.models[i]!.ciUpper! - plain.models[i]!.ciLower!);
      expect(ratio, m.model).toBeGreaterThan(0.75);
      expect(ratio, m.model).toBeLessThan(1.33);
    });
  });

  it('gives identical intervals for the same seed', () => {
    expect(controlledRatings(data, { rounds: 400, seed: 3 })).toEqual(board);
  });
});

describe('fitControlledBradleyTerry', () => {
  it('equals the plain Bradley–Terry fit when the covariates are all zero', () => {
    const votes = syntheticVotes({ a: 1100, b: 1040, c: 1000, d: 930 }, 3000, 5);
    const { data } = controlledBattles(
      votes.map((v) => ({ ...v, covariates: [0, 0] })),
      ['x', 'y'],
    );
    const controlled = fitControlledBradleyTerry(data, { tolerance: 1e-7 });
    const plain = fitBradleyTerry(controlledPairCounts(data));
    controlled.ratings.forEach((r, i) => expect(r).toBeCloseTo(plain.ratings[i]!, 4));
    expect(Array.from(controlled.coefficients)).toEqual([0, 0]);
    expect(Array.from(controlled.scales)).toEqual([0, 0]);
  });

  it('does not depend on which model sat on side A', () => {
    const { data } = syntheticControlled(MODELS, 5_000, 11, STYLE_COVARIATES, style, [LENGTH_EFFECT, 0, 0, 0]);
    const swapped = {
      ...data,
      a: data.b,
      b: data.a,
      score: data.score.map((y) => 1 - y),
      covariates: data.covariates.map((z) => -z),
    };
    const x = fitControlledBradleyTerry(data, { tolerance: 1e-7 });
    const y = fitControlledBradleyTerry(swapped, { tolerance: 1e-7 });
    x.ratings.forEach((r, i) => expect(y.ratings[i]).toBeCloseTo(r, 5));
    x.coefficients.forEach((c, j) => expect(y.coefficients[j]).toBeCloseTo(c, 5));
  });
});
