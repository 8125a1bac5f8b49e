import { z } from 'zod';
import { LIMITS, VoteChoice } from './protocol.ts';
import { SideMetrics } from './metrics.ts';
import { FinishReason } from './usage.ts';
import { PublicProviderError } from './provider-error.ts';

/** Prompt sets: shapes shared by the server's /api/sets routes, the `npm run sets` CLI and the page. */

export const SET_LIMITS = {
  items: 5_000,
  tagsPerItem: 16,
  tagChars: 60,
  notesChars: 4_000,
  /** An import's body (the JSONL or CSV text): 5,000 prompts at ~1 KiB each, with room. */
  importBytes: 8 * 1024 * 1024,
  modelsPerRun: 8,
  concurrency: 16,
} as const;

const Tag = z.string().trim().min(1).max(SET_LIMITS.tagChars);

/** One prompt of a set, as imported (a JSONL line, or a CSV row with these column names). */
export const PromptSetItem = z
  .object({
    prompt: z.string().min(1, 'empty prompt').max(LIMITS.promptChars, `prompt longer than ${LIMITS.promptChars} characters`),
    system: z.string().max(LIMITS.promptChars).optional(),
    tags: z.array(Tag).max(SET_LIMITS.tagsPerItem).default([]),
    notes: z.string().max(SET_LIMITS.notesChars).optional(),
  })
  .strict();
export type PromptSetItem = z.infer<typeof PromptSetItem>;

export const SetName = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .regex(/^[\p{L}\p{N} ._:-]+$/u, 'set name: letters, digits, spaces, . _ : -');

export const SetFormat = z.enum(['jsonl', 'csv']);
export type SetFormat = z.infer<typeof SetFormat>;

export const ImportSetRequest = z
  .object({ name: SetName, format: SetFormat, content: z.string().min(1).max(SET_LIMITS.importBytes) })
  .strict();
export type ImportSetRequest = z.infer<typeof ImportSetRequest>;

/** A named, versioned set: importing under a name that exists makes its next version; versions are never changed. */
export const PromptSetSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int().positive(),
  items: z.number().int().nonnegative(),
  createdBy: z.string(),
  createdAt: z.number(),
});
export type PromptSetSummary = z.infer<typeof PromptSetSummary>;

export const RunStatus = z.enum(['running', 'done', 'cancelled']);
export type RunStatus = z.infer<typeof RunStatus>;

const ModelId = z.string().min(1).max(200);

export const StartRunRequest = z
  .object({
    /** Two models (one pair), or more: every pair of them. Each model answers each prompt once; its pairs share the answer. */
    models: z
      .array(ModelId)
      .min(2)
      .max(SET_LIMITS.modelsPerRun)
      .refine((m) => new Set(m).size === m.length, 'a model is listed twice'),
    /** Requests at once per endpoint. */
    concurrency: z.number().int().min(1).max(SET_LIMITS.concurrency).default(4),
  })
  .strict();
export type StartRunRequest = z.infer<typeof StartRunRequest>;

export const SetRunSummary = z.object({
  id: z.string(),
  setId: z.string(),
  models: z.array(z.string()),
  concurrency: z.number().int(),
  status: RunStatus,
  createdBy: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
});
export type SetRunSummary = z.infer<typeof SetRunSummary>;

/** What a run has done: answers stored out of answers to make (prompts × models), and how they ended. */
export const RunProgress = z.object({
  run: SetRunSummary,
  total: z.number().int(),
  done: z.number().int(),
  failed: z.number().int(),
  /** True while this server is working on it (a run marked running but not active resumes at the next start). */
  active: z.boolean(),
  /** Requests waiting out a provider's retry-after, now. */
  waitingUntil: z.number().nullable(),
});
export type RunProgress = z.infer<typeof RunProgress>;

/** The estimate shown before a run starts: prompt tokens counted, output tokens assumed (`assumedOutputTokens` per answer). */
export const CostEstimate = z.object({
  prompts: z.number().int(),
  assumedOutputTokens: z.number().int(),
  models: z.array(
    z.object({
      model: z.string(),
      inputTokens: z.number().int(),
      outputTokens: z.number().int(),
      /** Null when the catalog has no price for it. */
      costUsd: z.number().nullable(),
    }),
  ),
  totalUsd: z.number().nullable(),
});
export type CostEstimate = z.infer<typeof CostEstimate>;

/** One pair for one reviewer: blind (no model names), sides in this reviewer's own random order. */
export const ReviewItem = z.object({
  battleId: z.string(),
  prompt: z.string(),
  system: z.string().nullable(),
  answers: z.object({ a: z.string(), b: z.string() }),
  /** Pairs this reviewer has voted on, and in all. */
  position: z.object({ voted: z.number().int(), total: z.number().int() }),
});
export type ReviewItem = z.infer<typeof ReviewItem>;

export const NextReview = z.object({ item: ReviewItem.nullable(), voted: z.number().int(), total: z.number().int() });
export type NextReview = z.infer<typeof NextReview>;

export const ReviewVoteRequest = z.object({ choice: VoteChoice }).strict();

export const ReviewVoteResponse = z.object({
  battleId: z.string(),
  choice: VoteChoice,
  /** Revealed once the vote is stored. */
  models: z.object({ a: z.string(), b: z.string() }),
});

/** A pair's record on this set: A's wins (ties and both-bad count half) out of the votes, with a 95% Wilson interval. */
export const PairResult = z.object({
  modelA: z.string(),
  modelB: z.string(),
  votes: z.number().int(),
  winsA: z.number().int(),
  winsB: z.number().int(),
  ties: z.number().int(),
  winRateA: z.number().nullable(),
  ciLower: z.number().nullable(),
  ciUpper: z.number().nullable(),
});
export type PairResult = z.infer<typeof PairResult>;

/** A model's figures on this set's answers (the arena's metric definitions, shared/metrics.ts). */
export const ModelWorkload = z.object({
  model: z.string(),
  answers: z.number().int(),
  failed: z.number().int(),
  totalCostUsd: z.number().nullable(),
  medianTtftMs: z.number().nullable(),
  medianLatencyMs: z.number().nullable(),
  medianTokensPerSecond: z.number().nullable(),
  outputTokens: z.number().int(),
});
export type ModelWorkload = z.infer<typeof ModelWorkload>;

export const SetResults = z.object({
  set: PromptSetSummary,
  runs: z.array(SetRunSummary),
  pairs: z.array(PairResult),
  models: z.array(ModelWorkload),
});
export type SetResults = z.infer<typeof SetResults>;

/** A stored answer of a run, as the store keeps it. */
export const SetAnswer = z.object({
  runId: z.string(),
  idx: z.number().int().nonnegative(),
  modelId: z.string(),
  text: z.string(),
  status: z.enum(['finished', 'error', 'cancelled']),
  finishReason: FinishReason.nullable(),
  error: PublicProviderError.extend({ raw: z.string().optional() }).nullable(),
  metrics: SideMetrics,
  attempts: z.number().int().positive(),
  endedAt: z.number(),
});
export type SetAnswer = z.infer<typeof SetAnswer>;
