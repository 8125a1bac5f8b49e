import { hash } from 'node:crypto';
import { CHOICE_OF_WINNER, type CleanBattle } from '../../shared/clean-battle.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import { SideStatus, type Side } from '../../shared/protocol.ts';
import type { BattleRecord, ResponseRecord, TurnRecord, VoidMark, VoteRecord } from '../../db/battle-store.ts';

export interface ImportRecords {
  battle: BattleRecord;
  turns: TurnRecord[];
  responses: ResponseRecord[];
  vote: VoteRecord;
  /** A vote exported as voided stays voided. */
  voided: VoidMark | null;
}

export const IMPORT_SESSION = 'imported';

const UNKNOWN_METRICS: SideMetrics = {
  ttftMs: null,
  latencyMs: null,
  decodeMs: null,
  outputTokensPerSecond: null,
  inputTokens: null,
  outputTokens: null,
  cachedInputTokens: null,
  costUsd: null,
  estimated: { inputTokens: false, outputTokens: false },
};

/**
 * The battle id an imported record gets. Our own exports keep their id; a
 * foreign record gets a stable hash of what identifies it, so importing the
 * same file twice adds nothing the second time.
 */
export function importedBattleId(b: CleanBattle): string {
  if (b.versus) return b.versus.battle_id;
  // The one-shot hash: no Hash object per battle (half the time of createHash's, a million times per large import).
  const h = hash('sha256', JSON.stringify([b.question_id, b.model_a, b.model_b, b.tstamp]), 'base64url');
  return `imp-${h.slice(0, 40)}`;
}

/** Prompts and, per prompt, the assistant's answer, or undefined where the record has none. */
function split(conv: CleanBattle['conversation_a']): { prompts: string[]; answers: (string | undefined)[] } {
  const prompts: string[] = [];
  const answers: (string | undefined)[] = [];
  for (const m of conv ?? []) {
    if (m.role === 'user') {
      prompts.push(m.content);
      answers.push(undefined);
    } else if (m.role === 'assistant' && answers.length > 0) answers[answers.length - 1] = (answers.at(-1) ?? '') + m.content;
  }
  return { prompts, answers };
}

/**
 * Whether the record holds an answer for this turn and side, and its status.
 * Our own exports say so in `versus.status` (null: no answer was stored, and
 * none is made up); foreign records by having an assistant message.
 */
function answerStatus(b: CleanBattle, turn: number, side: Side, text: string | undefined): SideStatus | null {
  if (!b.versus) return text === undefined ? null : 'finished';
  const status = SideStatus.safeParse(b.versus.status[turn]?.[side]);
  return status.success ? status.data : null;
}

export function fromCleanBattle(b: CleanBattle): ImportRecords {
  const id = importedBattleId(b);
  const createdAt = Math.round(b.tstamp * 1000);
  const a = split(b.conversation_a);
  const bSide = split(b.conversation_b);
  // Public data often ships without conversations: the vote still counts, with one empty turn.
  const prompts = a.prompts.length > 0 ? a.prompts : [''];
  const turns: TurnRecord[] = prompts.map((prompt, turn) => ({ battleId: id, turn, prompt, createdAt }));
  const responses: ResponseRecord[] = [];
  prompts.forEach((_, turn) => {
    for (const [side, answers] of [
      ['a', a.answers],
      ['b', bSide.answers],
    ] as [Side, (string | undefined)[]][]) {
      const text = answers[turn];
      const status = answerStatus(b, turn, side, text);
      if (status === null) continue;
      responses.push({
        battleId: id,
        turn,
        side,
        modelId: side === 'a' ? b.model_a : b.model_b,
        text: text ?? '',
        status,
        finishReason: null,
        error: null,
        metrics: b.versus?.measurements[turn]?.[side] ?? UNKNOWN_METRICS,
        endedAt: createdAt,
      });
    }
  });
  return {
    battle: {
      id,
      sessionHash: IMPORT_SESSION,
      // Our own mode wins over `anony`: a named battle stays on the named board through any number of round trips.
      mode: b.versus?.mode ?? (b.anony ? 'blind' : 'named'),
      modelA: b.model_a,
      modelB: b.model_b,
      createdAt,
      flagged: b.versus?.flagged ?? null,
      ...(b.versus?.settings ? { settings: b.versus.settings } : {}),
    },
    turns,
    responses,
    vote: {
      battleId: id,
      choice: CHOICE_OF_WINNER[b.winner],
      sessionHash: IMPORT_SESSION,
      createdAt,
      decisionMs: b.versus?.decision_ms ?? null,
      countsForRatings: b.versus?.counts_for_ratings ?? true,
    },
    voided: b.versus?.voided ? { reason: b.versus.voided.reason, at: Math.round(b.versus.voided.at * 1000) } : null,
  };
}
