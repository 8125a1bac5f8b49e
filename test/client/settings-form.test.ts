import { describe, expect, it } from 'vitest';
import { EMPTY_SETTINGS, settingsFromForm } from '../../client/lib/settings-form.ts';
import { ClientMessage, LIMITS } from '../../shared/protocol.ts';

const form = (a = {}, b = {}) => ({ a: { ...EMPTY_SETTINGS, ...a }, b: { ...EMPTY_SETTINGS, ...b } });

describe('settingsFromForm', () => {
  it('sends only what a side sets, as the protocol accepts it', () => {
    expect(settingsFromForm(form(), LIMITS)).toEqual({ settings: undefined, problem: null });
    const r = settingsFromForm(form({ temperature: '0.2' }, { temperature: '1.4', maxTokens: '256', systemPrompt: 'Be terse.' }), LIMITS);
    expect(r.settings).toEqual({ a: { temperature: 0.2 }, b: { temperature: 1.4, maxTokens: 256, systemPrompt: 'Be terse.' } });
    const msg = { type: 'start', mode: 'named', prompt: 'x', models: { a: 'm', b: 'm' }, settings: r.settings };
    expect(ClientMessage.safeParse(msg).success).toBe(true);
  });

  it('refuses values the server would refuse, naming the field', () => {
    expect(settingsFromForm(form({ temperature: '3' }), LIMITS).problem).toBe('Temperature A must be between 0 and 2.');
    expect(settingsFromForm(form({}, { maxTokens: '1.5' }), LIMITS).problem).toMatch(/^Max tokens B must be a whole number/);
    expect(settingsFromForm(form({}, { maxTokens: String(LIMITS.maxTokens + 1) }), LIMITS).problem).toMatch(/^Max tokens B/);
    // Counted in characters: 8,000 emoji fit, 8,001 do not.
    expect(settingsFromForm(form({ systemPrompt: '😀'.repeat(LIMITS.systemPromptChars) }), LIMITS).problem).toBeNull();
    expect(settingsFromForm(form({ systemPrompt: '😀'.repeat(LIMITS.systemPromptChars + 1) }), LIMITS).problem).toMatch(/^System prompt A/);
  });
});
