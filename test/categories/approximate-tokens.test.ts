import { describe, expect, it } from 'vitest';
import { approximateTokens } from '../../server/categories/approximate-tokens.ts';
import { estimateTokens } from '../../server/arena/token-estimator.ts';

const PROSE = {
  en: 'The committee reviewed the proposal in detail and asked for a revised budget before the next meeting in March.',
  de: 'Der Ausschuss prüfte den Vorschlag im Detail und bat vor der nächsten Sitzung im März um einen überarbeiteten Haushalt.',
  fr: 'Le comité a examiné la proposition en détail et a demandé un budget révisé avant la prochaine réunion de mars.',
  ru: 'Комитет подробно рассмотрел предложение и попросил пересмотреть бюджет до следующего заседания в марте.',
  ja: '委員会は提案を詳しく検討し、三月の次の会議までに修正した予算を求めた。',
  zh: '委员会详细审查了该提案，并要求在三月份下次会议之前提交修订后的预算。',
};

describe('approximateTokens', () => {
  it('is within 30% of the o200k count on ordinary prose in six languages', async () => {
    for (const [language, text] of Object.entries(PROSE)) {
      const exact = await estimateTokens(text.repeat(5));
      const ratio = approximateTokens(text.repeat(5)) / exact;
      expect(ratio, `${language}: ${ratio.toFixed(2)}`).toBeGreaterThan(0.7);
      expect(ratio, `${language}: ${ratio.toFixed(2)}`).toBeLessThan(1.3);
    }
  });

  it('counts code points, not UTF-16 units', () => {
    expect(approximateTokens('😀😀😀😀😀😀😀😀😀')).toBe(2);
  });
});
