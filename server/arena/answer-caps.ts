import { CAP_FINISH_RAW, type AnswerCap, type FinishReason } from '../../shared/usage.ts';

/**
 * Hard limits on one answer, whatever the provider does: a stream that never
 * ends, or a provider that ignores max_tokens, must not run on or fill the
 * database (one such answer stored 306 MB). Reaching one ends the side with
 * its partial answer, aborts the upstream request and finishes as `length`.
 */
export interface AnswerCaps {
  /** Wall time from the request to the end of the answer. */
  wallMs: number;
  /** Stored text, in UTF-8 bytes (what SQLite stores). */
  textBytes: number;
}

export const DEFAULT_ANSWER_CAPS: AnswerCaps = { wallMs: 10 * 60_000, textBytes: 1024 * 1024 };

/** A cap reads like max_tokens to the reader (the answer was cut by a limit); `raw` says which one. */
export function capFinishReason(cap: AnswerCap): FinishReason {
  return { unified: 'length', raw: CAP_FINISH_RAW[cap] };
}

/** The caps the config sets (battle.maxAnswerSeconds, battle.maxAnswerBytes); the rest stay default. */
export function answerCapsFrom(battle: { maxAnswerSeconds?: number; maxAnswerBytes?: number }): Partial<AnswerCaps> {
  return {
    ...(battle.maxAnswerSeconds !== undefined && { wallMs: battle.maxAnswerSeconds * 1000 }),
    ...(battle.maxAnswerBytes !== undefined && { textBytes: battle.maxAnswerBytes }),
  };
}
