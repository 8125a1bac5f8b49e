import { containing } from '../helpers/match.ts';
import { describe, expect, it } from 'vitest';
import { describeServerTimings, describeSpeedNote, formatFinishReason } from '../../client/lib/format.ts';

describe('how the answer pane words speed and limits', () => {
  it('says why there is no observed speed', () => {
    expect(describeSpeedNote('window_too_short')).toEqual({ short: 'too quick to time', long: containing('under 250 ms') });
    expect(describeSpeedNote('too_few_tokens')).toEqual({ short: 'too few tokens', long: containing('at least 8') });
    expect(describeSpeedNote('no_output')?.short).toBe('—');
    expect(describeSpeedNote(null)).toBeNull();
    expect(describeSpeedNote(undefined)).toBeNull();
  });

  it("describes the server's own timing as the server's", () => {
    const t = {
      outputTokens: 16,
      decodeMs: 2.07,
      outputTokensPerSecond: 7726,
      promptTokens: 12,
      promptMs: 3.5,
      promptTokensPerSecond: 3429,
    };
    expect(describeServerTimings(t)).toBe(
      "The inference server's own timing: 16 tokens generated in 2 ms; prompt: 12 tokens at 3429 tok/s.",
    );
    expect(describeServerTimings({ ...t, promptTokensPerSecond: null })).toBe(
      "The inference server's own timing: 16 tokens generated in 2 ms.",
    );
  });

  it('names which limit cut an answer', () => {
    expect(formatFinishReason({ unified: 'length', raw: 'versus:wall-time-cap' })).toBe('cut off at the time limit for one answer');
    expect(formatFinishReason({ unified: 'length', raw: 'versus:text-size-cap' })).toBe('cut off at the size limit for one answer');
    expect(formatFinishReason({ unified: 'length', raw: 'max_tokens' })).toBe('cut off at the token limit');
    // Blind battles may withhold the raw reason: the unified one still reads right.
    expect(formatFinishReason({ unified: 'length' })).toBe('cut off at the token limit');
    expect(formatFinishReason({ unified: 'stop', raw: 'stop' })).toBeNull();
    expect(formatFinishReason(null)).toBeNull();
  });
});
