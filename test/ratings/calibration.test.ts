import { beforeAll, describe, expect, it } from 'vitest';
import { arenaOutcomes, type Outcome } from '../../bench/calibration-arena.ts';

/**
 * A small, seeded version of bench/calibration.bench.ts (400 arenas there):
 * 40 arenas, 200 bootstrap rounds. With 80–320 intervals per kind of model,
 * a true 95% coverage measures above 85% with near certainty; a collapsing
 * method (the old prior-made intervals of small samples) falls far below.
 */
describe('calibration of the 95% intervals', () => {
  const outcomes: Outcome[] = [];
  beforeAll(() => {
    for (let a = 0; a < 40; a++) outcomes.push(...arenaOutcomes(7, a, { rounds: 200 }));
  });
  const coverage = (pick: (o: Outcome) => boolean) => {
    const os = outcomes.filter(pick);
    return os.filter((o) => o.covered).length / os.length;
  };

  it.each(['new-5', 'new-20', 'new-50', 'new-100', 'core', 'dominant'] as const)('covers the true rating for %s models', (category) => {
    expect(coverage((o) => o.category === category)).toBeGreaterThanOrEqual(0.85);
  });

  it('leaves an unbeaten model open above, and only that', () => {
    const unbeaten = outcomes.filter((o) => o.category === 'dominant' && o.unbeaten);
    expect(unbeaten.length).toBeGreaterThan(5);
    expect(unbeaten.every((o) => o.width === Infinity && Number.isFinite(o.lowerGap) && o.covered)).toBe(true);
    expect(outcomes.filter((o) => o.category === 'core' || o.category === 'new-100').every((o) => Number.isFinite(o.width))).toBe(true);
  });

  it('marks models below 50 votes provisional and the others established', () => {
    expect(outcomes.every((o) => o.provisional === o.votes < 50)).toBe(true);
  });
});
