import { beforeAll, describe, expect, it } from 'vitest';
import { CATEGORIES, CLASSIFIER_VERSION, classifyPrompt, type Category } from '../../server/categories/classify-prompt.ts';
import { loadLanguageDetector } from '../../server/categories/detect-language.ts';
import { HELD_OUT_PROMPTS } from './held-out-prompts.ts';
import { LABELLED_PROMPTS } from './labelled-prompts.ts';

interface Score {
  truePositive: number;
  falsePositive: number;
  falseNegative: number;
}

function scores(): Map<Category, Score> {
  const table = new Map<Category, Score>(CATEGORIES.map((c) => [c, { truePositive: 0, falsePositive: 0, falseNegative: 0 }]));
  for (const example of LABELLED_PROMPTS) {
    const got = classifyPrompt(example.turns).categories;
    for (const c of CATEGORIES) {
      const s = table.get(c)!;
      const expected = example.categories.includes(c);
      const found = got.includes(c);
      if (found && expected) s.truePositive++;
      else if (found) s.falsePositive++;
      else if (expected) s.falseNegative++;
    }
  }
  return table;
}

// The detector's tables load on first need (detect-language.ts): a caller awaits them once.
beforeAll(() => loadLanguageDetector());

describe('classifyPrompt on labelled prompts', () => {
  it('has high precision and recall per category (table printed for the docs)', () => {
    const table = scores();
    const rate = (hits: number, misses: number) => hits / Math.max(1, hits + misses);
    const rows = [...table].map(
      ([c, s]) =>
        `${c}: TP ${s.truePositive} FP ${s.falsePositive} FN ${s.falseNegative} ` +
        `precision ${rate(s.truePositive, s.falsePositive).toFixed(2)} recall ${rate(s.truePositive, s.falseNegative).toFixed(2)}`,
    );
    console.log(`classifier v${CLASSIFIER_VERSION} on ${LABELLED_PROMPTS.length} labelled prompts\n${rows.join('\n')}`);
    for (const [category, s] of table) {
      expect(s.truePositive, category).toBeGreaterThan(0);
      expect(rate(s.truePositive, s.falsePositive), category).toBeGreaterThanOrEqual(0.9);
      expect(rate(s.truePositive, s.falseNegative), category).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives the language of the prose, null when too short, in at least 95% of the examples', () => {
    const wrong = LABELLED_PROMPTS.filter((e) => classifyPrompt(e.turns).language !== e.language).map((e) => e.turns[0]!.slice(0, 40));
    expect(wrong.length / LABELLED_PROMPTS.length, wrong.join(' | ')).toBeLessThanOrEqual(0.05);
  });

  it('finds exactly the tags written, and none in untagged prompts', () => {
    for (const e of LABELLED_PROMPTS) expect(classifyPrompt(e.turns).tags, e.turns[0]).toEqual(e.tags ?? []);
  });

  it('lists categories in the fixed order and is deterministic', () => {
    const turns = ['Write a poem in JavaScript that prints each line, and compute 3x + 1 = 10 along the way.', 'Again please'];
    const first = classifyPrompt(turns);
    expect(first.categories).toEqual(CATEGORIES.filter((c) => first.categories.includes(c)));
    expect(first.categories).toEqual(expect.arrayContaining(['coding', 'math', 'creative-writing', 'multi-turn']));
    expect(classifyPrompt(turns)).toEqual(first);
  });

  it('reads the language past pasted code: a German question about Python code is German', () => {
    const code = '```python\nimport os\nfor name in os.listdir("."):\n    print(name.upper())\n```';
    expect(classifyPrompt([`Warum ist dieser Code so langsam, und wie kann ich ihn schneller machen?\n\n${code}`]).language).toBe('de');
  });

  it('does not count empty turns: one said turn and an empty one is not multi-turn', () => {
    expect(classifyPrompt(['Tell me about otters.', '   ']).categories).not.toContain('multi-turn');
    expect(classifyPrompt([]).categories).toEqual([]);
    expect(classifyPrompt([]).language).toBeNull();
  });

  it('calls a prompt long from one long turn, not from many short ones', () => {
    const short = 'A sentence of about fifteen tokens that is repeated to fill a turn. ';
    const many = Array.from({ length: 10 }, () => short.repeat(20)); // ~340 tokens each, ~3400 in all
    expect(classifyPrompt(many).categories).not.toContain('long-prompt');
    expect(classifyPrompt([short.repeat(40)]).categories).toContain('long-prompt');
  });
});

describe('classifyPrompt on held-out prompts (never tuned on)', () => {
  it('keeps precision at 0.8 or more for every category it finds, and the language right in 90%', () => {
    const rows: string[] = [];
    for (const c of CATEGORIES) {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const e of HELD_OUT_PROMPTS) {
        const found = classifyPrompt(e.turns).categories.includes(c);
        const expected = e.categories.includes(c);
        if (found && expected) tp++;
        else if (found) fp++;
        else if (expected) fn++;
      }
      rows.push(
        `${c}: TP ${tp} FP ${fp} FN ${fn} precision ${(tp / Math.max(1, tp + fp)).toFixed(2)} recall ${(tp / Math.max(1, tp + fn)).toFixed(2)}`,
      );
      if (tp + fp > 0) expect(tp / (tp + fp), c).toBeGreaterThanOrEqual(0.8);
    }
    const languageRight = HELD_OUT_PROMPTS.filter((e) => classifyPrompt(e.turns).language === e.language).length;
    rows.push(`language: ${languageRight}/${HELD_OUT_PROMPTS.length}`);
    console.log(`held-out, ${HELD_OUT_PROMPTS.length} prompts\n${rows.join('\n')}`);
    expect(languageRight / HELD_OUT_PROMPTS.length).toBeGreaterThanOrEqual(0.9);
  });
});
