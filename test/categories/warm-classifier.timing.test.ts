import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyPrompt } from '../../server/categories/classify-prompt.ts';
import { keepClassifierWarm, warmClassifier } from '../../server/categories/warm-classifier.ts';

// A full collection on demand, in this test's process only.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
afterAll(() => setFlagsFromString('--no-expose-gc'));

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The time of the first classification after `collections` full collections `gapMs` apart, and of a warm one. */
async function firstAfterCollections(collections: number, gapMs: number): Promise<{ first: number; warm: number }> {
  for (let i = 0; i < collections; i++) {
    gc();
    await sleep(gapMs);
  }
  let t0 = performance.now();
  classifyPrompt([`question ${Math.random()}: say something short`]);
  const first = performance.now() - t0;
  // The median of a few warm ones: what a classification costs once its patterns are compiled.
  const warm: number[] = [];
  for (let i = 0; i < 9; i++) {
    t0 = performance.now();
    classifyPrompt([`question ${i}: say something short`]);
    warm.push(performance.now() - t0);
  }
  return { first, warm: warm.sort((a, b) => a - b)[4]! };
}

/**
 * V8 drops a regular expression's compiled code at a full collection when it
 * has not run since the previous one; the classifiers' patterns then cost tens
 * of milliseconds of event loop at their next use (server/categories/warm-classifier.ts).
 * Timed, so it runs in the timing pass, alone on the machine; asserted as ratios. The full collections here are
 * forced (gc()), each seen by keepClassifierWarm as any other.
 */
describe('the classifiers kept warm', () => {
  it('compile again after collections without a classification, and not while kept warm', async () => {
    await warmClassifier();
    const cold = await firstAfterCollections(8, 20);
    // Without keeping warm: the first classification after the collections compiles the patterns again.
    expect(cold.first).toBeGreaterThan(10 * cold.warm);

    const stop = keepClassifierWarm();
    try {
      const kept = await firstAfterCollections(8, 20);
      expect(kept.first).toBeLessThan(5 * kept.warm + 2);
    } finally {
      stop();
    }
  });
});
