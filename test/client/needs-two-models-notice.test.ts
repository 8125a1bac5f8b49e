import { describe, expect, it } from 'vitest';
import { needsTwoModelsNotice } from '../../client/lib/needs-two-models-notice.ts';

describe('the composer notice when a battle cannot start', () => {
  it('names the one available model and asks for a second, pointing at the setup help', () => {
    const notice = needsTwoModelsNotice([{ label: 'SmolLM2 135M Instruct' }], true);
    expect(notice).toBe(
      'Only one model is available (SmolLM2 135M Instruct), and a battle needs two: add a second. How to add one is shown above.',
    );
  });

  it('with none, says a battle needs two', () => {
    expect(needsTwoModelsNotice([], true)).toBe('No model is available, and a battle needs two. How to add them is shown above.');
  });

  it('points at help only when the server sent some, and says nothing once two are available', () => {
    expect(needsTwoModelsNotice([{ label: 'A' }], false)).not.toMatch(/shown above/);
    expect(needsTwoModelsNotice([{ label: 'A' }, { label: 'B' }], true)).toBeNull();
  });
});
