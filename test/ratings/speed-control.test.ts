import { describe, expect, it } from 'vitest';
import { NATS_TO_RATING } from '../../server/ratings/bradley-terry-solver.ts';
import { controlledPairCounts } from '../../server/ratings/controlled-pair-counts.ts';
import { controlledRatings } from '../../server/ratings/controlled-ratings.ts';
import { fitBradleyTerry } from '../../server/ratings/fit-bradley-terry.ts';
import { SPEED_COVARIATES, speedCovariates, type AnswerSpeed } from '../../server/ratings/speed-covariates.ts';
import { anchoredTruth, syntheticControlled, type SyntheticModel } from './controlled-synthetic.ts';

describe('speedCovariates', () => {
  it('favours A when A is first and faster, is tanh(½·ln ratio), and is antisymmetric', () => {
    const a: AnswerSpeed = { ttftMs: 400, tokensPerSecond: 90 };
    const b: AnswerSpeed = { ttftMs: 1600, tokensPerSecond: 30 };
    const [ttft, speed] = speedCovariates(a, b)!;
    expect(ttft).toBeCloseTo(Math.tanh(0.5 * Math.log(1600 / 400)), 12);
    expect(speed).toBeCloseTo(Math.tanh(0.5 * Math.log(90 / 30)), 12);
    expect(speedCovariates(b, a)).toEqual([-ttft!, -speed!]);
    expect(speedCovariates(a, a)).toEqual([0, 0]);
  });

  it('is null when either answer lacks a figure or has a non-positive one', () => {
    const ok: AnswerSpeed = { ttftMs: 500, tokensPerSecond: 40 };
    expect(speedCovariates(ok, { ttftMs: null, tokensPerSecond: 40 })).toBeNull();
    expect(speedCovariates({ ttftMs: 500, tokensPerSecond: null }, ok)).toBeNull();
    expect(speedCovariates(ok, { ttftMs: 500, tokensPerSecond: 0 })).toBeNull();
  });
});

/** Per answer: TTFT and speed around the model's medians; 15% of answers are too short to time. */
function timing(ttftMs: number, tokensPerSecond: number) {
  return (normal: () => number, uniform: () => number) => ({
    ttftMs: ttftMs * Math.exp(0.4 * normal()),
    tokensPerSecond: tokensPerSecond * Math.exp(0.3 * normal()),
    measured: uniform() < 0.15 ? 0 : 1,
  });
}
const MODELS: SyntheticModel[] = [
  { name: 'alpha', rating: 1080, answer: timing(900, 40) },
  { name: 'bravo', rating: 1040, answer: timing(700, 60) },
  { name: 'charlie', rating: 1000, answer: timing(1200, 35) },
  { name: 'delta', rating: 960, answer: timing(800, 50) },
  { name: 'echo', rating: 920, answer: timing(1000, 45) },
  { name: 'rapid', rating: 1000, answer: timing(150, 250) },
];
const EFFECTS = [0.8, 0.6]; // log-odds per unit of the TTFT and speed covariates
/** What the fit sees: a speed only where it was measured. */
const observed = (a: Record<string, number>, b: Record<string, number>) =>
  speedCovariates(
    { ttftMs: a.ttftMs!, tokensPerSecond: a.measured ? a.tokensPerSecond! : null },
    { ttftMs: b.ttftMs!, tokensPerSecond: b.measured ? b.tokensPerSecond! : null },
  );
/** What the voters saw: the answers streamed at their real speed, measured or not. */
const real = (a: Record<string, number>, b: Record<string, number>) =>
  speedCovariates({ ttftMs: a.ttftMs!, tokensPerSecond: a.tokensPerSecond! }, { ttftMs: b.ttftMs!, tokensPerSecond: b.tokensPerSecond! })!;

describe('speed control on battles where one model wins only through speed', () => {
  const count = 24_000;
  const { data, dropped } = syntheticControlled(MODELS, count, 21, SPEED_COVARIATES, observed, EFFECTS, 0.2, real);
  const board = controlledRatings(data, { rounds: 400, seed: 9 });
  const truth = anchoredTruth(
    MODELS,
    MODELS.map((m) => m.name),
  );

  it('leaves out the battles with a missing figure, about 1 − 0.85² of them', () => {
    expect(dropped + data.a.length).toBe(count);
    expect(dropped / count).toBeGreaterThan(0.26);
    expect(dropped / count).toBeLessThan(0.3);
  });

  it('puts the fast model back at its true strength, within its interval, while the plain fit overrates it', () => {
    const rapid = board.models.find((m) => m.model === 'rapid')!;
    const plain = fitBradleyTerry(controlledPairCounts(data)).ratings[data.models.indexOf('rapid')]!;
    expect(rapid.ciLower!).toBeLessThanOrEqual(truth.get('rapid')!);
    expect(rapid.ciUpper!).toBeGreaterThanOrEqual(truth.get('rapid')!);
    expect(plain - truth.get('rapid')!).toBeGreaterThan(3 * (rapid.ciUpper! - rapid.ciLower!));
  });

  it('has bootstrap intervals for every model and both coefficients, covering the true coefficients', () => {
    for (const m of board.models) {
      expect(m.ciLower).not.toBeNull();
      expect(m.ciLower!).toBeLessThan(m.rating!);
      expect(m.ciUpper!).toBeGreaterThan(m.rating!);
    }
    board.coefficients.forEach((c, j) => {
      const expected = EFFECTS[j]! * c.scale * NATS_TO_RATING;
      expect(c.ciLower!, c.name).toBeLessThanOrEqual(expected);
      expect(c.ciUpper!, c.name).toBeGreaterThanOrEqual(expected);
    });
  });
});
