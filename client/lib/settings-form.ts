import { codePointLength } from '../../shared/code-point-length.ts';
import { LIMITS, SIDES, type BattleSettings, type Limits, type Side, type SideSettings } from '../../shared/protocol.ts';

/** One side's settings as typed: empty means "the model's default". */
export interface SideSettingsInput {
  systemPrompt: string;
  temperature: string;
  maxTokens: string;
}

export const EMPTY_SETTINGS: SideSettingsInput = { systemPrompt: '', temperature: '', maxTokens: '' };

export interface SettingsResult {
  /** Only the sides that set something; undefined when neither does. */
  settings: Partial<BattleSettings> | undefined;
  /** The first field that cannot be sent, in words; null when all can. */
  problem: string | null;
}

/** The typed fields → the `start` message's settings, checked against the server's own limits. */
export function settingsFromForm(form: Record<Side, SideSettingsInput>, limits: Limits): SettingsResult {
  const maxSystem = limits.systemPromptChars ?? LIMITS.systemPromptChars;
  const maxTokens = limits.maxTokens ?? LIMITS.maxTokens;
  const out: Partial<BattleSettings> = {};
  for (const side of SIDES) {
    const f = form[side];
    const s: SideSettings = {};
    const letter = side.toUpperCase();
    if (f.systemPrompt.trim() !== '') {
      if (codePointLength(f.systemPrompt) > maxSystem) {
        return { settings: undefined, problem: `System prompt ${letter} is longer than ${maxSystem.toLocaleString('en-US')} characters.` };
      }
      s.systemPrompt = f.systemPrompt;
    }
    if (f.temperature.trim() !== '') {
      const t = Number(f.temperature);
      if (!Number.isFinite(t) || t < 0 || t > 2) return { settings: undefined, problem: `Temperature ${letter} must be between 0 and 2.` };
      s.temperature = t;
    }
    if (f.maxTokens.trim() !== '') {
      const n = Number(f.maxTokens);
      if (!Number.isInteger(n) || n < 1 || n > maxTokens) {
        return {
          settings: undefined,
          problem: `Max tokens ${letter} must be a whole number from 1 to ${maxTokens.toLocaleString('en-US')}.`,
        };
      }
      s.maxTokens = n;
    }
    if (Object.keys(s).length > 0) out[side] = s;
  }
  return { settings: out.a || out.b ? out : undefined, problem: null };
}
