import { z } from 'zod';

const IsoDate = z.string().regex(/^\d{4}-\d{2}(-\d{2})?$/, 'expected YYYY-MM or YYYY-MM-DD');

/** Sampling settings a catalog entry may pin, so one weights file can run two ways and battle itself. */
export const Sampling = z.object({
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().gt(0).max(1).optional(),
  seed: z.number().int().optional(),
  maxTokens: z.number().int().positive().optional(),
});
export type Sampling = z.infer<typeof Sampling>;

/** US dollars per million tokens. `null` means not public / not known (never "free"). */
export const Pricing = z.object({
  inputPerMTok: z.number().nonnegative().nullable(),
  outputPerMTok: z.number().nonnegative().nullable(),
  cachedInputPerMTok: z.number().nonnegative().nullable().default(null),
});
export type Pricing = z.infer<typeof Pricing>;

/**
 * A price some hosted API lists for this model, for reference beside the price
 * of the endpoint Versus actually uses (which may be self-hosted, $0 per token).
 */
export const HostedPrice = z.object({
  provider: z.string().min(1),
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  /** A URL or a short description of where the price is published. */
  source: z.string().min(1),
  /** When the price was published or read there. */
  date: IsoDate,
  note: z.string().min(1).optional(),
});
export type HostedPrice = z.infer<typeof HostedPrice>;

/**
 * A benchmark score someone published (the maker, usually). Always shown as
 * "published" with its source: Versus never measured it. `setting` keeps what
 * makes two scores comparable or not (shots, base vs instruction-tuned model).
 */
export const PublishedBenchmark = z.object({
  benchmark: z.string().min(1),
  score: z.number(),
  /** percent: 0–100, higher is better; points: a score on the benchmark's own scale. */
  scale: z.enum(['percent', 'points']).default('percent'),
  setting: z.string().min(1).optional(),
  source: z.string().min(1),
  date: IsoDate,
});
export type PublishedBenchmark = z.infer<typeof PublishedBenchmark>;

/** Speed someone else measured, with the conditions that make it mean something; null date: the source states none. */
export const PublishedSpeed = z.object({
  outputTokensPerSecond: z.number().positive().nullable(),
  ttftMs: z.number().nonnegative().nullable(),
  source: z.string().min(1),
  date: IsoDate.nullable(),
  conditions: z.string().min(1),
});
export type PublishedSpeed = z.infer<typeof PublishedSpeed>;

export const InputModality = z.enum(['text', 'image', 'audio', 'video']);
export type InputModality = z.infer<typeof InputModality>;

/** What the maker documents; null = not documented (never "no"). */
export const Capabilities = z.object({
  inputModalities: z.array(InputModality).nullable().default(null),
  toolCalling: z.boolean().nullable().default(null),
  structuredOutput: z.boolean().nullable().default(null),
  source: z.string().min(1).nullable().default(null),
});
export type Capabilities = z.infer<typeof Capabilities>;

export const NO_CAPABILITIES: Capabilities = { inputModalities: null, toolCalling: null, structuredOutput: null, source: null };

/**
 * The static facts about one model as the catalog holds them. Everything a
 * comparison page shows that does not come from this arena's own measurements.
 */
export const ModelSpec = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._:-]*$/i, 'model id: letters, digits, . _ : -'),
  label: z.string().min(1),
  organisation: z.string().min(1),
  /** Id of the endpoint (provider connection) that serves this model. */
  endpoint: z.string().min(1),
  /** The model name the upstream API expects. */
  upstreamModel: z.string().min(1),
  pricing: Pricing,
  contextWindow: z.number().int().positive().nullable(),
  maxOutputTokens: z.number().int().positive().nullable(),
  releaseDate: IsoDate.nullable(),
  knowledgeCutoff: IsoDate.nullable(),
  license: z.string().nullable(),
  openWeights: z.boolean(),
  /** Where the facts above come from (a URL or a short description). */
  source: z.string().min(1),
  /** Prices hosted APIs list for this model, beside `pricing` (the endpoint Versus uses). */
  referencePrices: z.array(HostedPrice).default([]),
  /** Published benchmark scores (never Versus's own figures). */
  benchmarks: z.array(PublishedBenchmark).default([]),
  /** Published speed measurements (never Versus's own figures). */
  publishedSpeed: z.array(PublishedSpeed).default([]),
  capabilities: Capabilities.default(NO_CAPABILITIES),
  sampling: Sampling.default({}),
  /**
   * Words that give this model away if its answer says them (blind battles are
   * flagged then). Default: the organisation and the first word of the label.
   */
  identityTerms: z.array(z.string().min(2)).optional(),
  /**
   * Whether blind battles may draw this model. Unset: yes, unless it is
   * `completionOnly` or has `randomWeights` (see inBlindPool). Named battles
   * may use any available model.
   */
  blindPool: z.boolean().optional(),
  /** A base model that continues text instead of following a chat (e.g. a GGUF without a chat template). */
  completionOnly: z.boolean().optional(),
  /** Test or toy weights: fine for trying the arena, meaningless on a leaderboard. */
  randomWeights: z.boolean().optional(),
  /** Free-form facts (architecture, parameters, quantization…) shown on the catalog page. */
  details: z.record(z.string(), z.string()).default({}),
});
export type ModelSpec = z.infer<typeof ModelSpec>;
export type ModelSpecInput = z.input<typeof ModelSpec>;

type PublishedFacts = Pick<ModelSpec, 'referencePrices' | 'benchmarks' | 'publishedSpeed' | 'capabilities'>;

/** For specs built in code (discovered servers, GGUF files): nobody published anything about them. */
export function noPublishedFacts(): PublishedFacts {
  return { referencePrices: [], benchmarks: [], publishedSpeed: [], capabilities: { ...NO_CAPABILITIES } };
}

/** A catalog entry as the API lists it: the spec plus whether it can be used right now. */
export const ModelListing = ModelSpec.extend({
  available: z.boolean(),
  /** Why not, when `available` is false. */
  unavailableReason: z.string().optional(),
  /** The adapter kind of its endpoint (openai, anthropic, local): how Versus talks to it, not who serves it. */
  provider: z.string(),
  /** Who serves it, by the endpoint's own name: OpenAI, Google Gemini, Ollama, llama.cpp server, Local GGUF… */
  providerLabel: z.string(),
  endpointId: z.string(),
});
export type ModelListing = z.infer<typeof ModelListing>;

/** Blended price: 3 parts input to 1 part output, the convention of public comparison pages. */
export function blendedPricePerMTok(p: Pricing): number | null {
  if (p.inputPerMTok === null || p.outputPerMTok === null) return null;
  return (3 * p.inputPerMTok + p.outputPerMTok) / 4;
}

/**
 * Whether blind battles may draw this model: its catalog entry says so, or by
 * default every chat model with trained weights. A completion-only model
 * against a chat model is a lopsided blind draw, and random weights win no
 * votes worth rating.
 */
export function inBlindPool(spec: Pick<ModelSpec, 'blindPool' | 'completionOnly' | 'randomWeights'>): boolean {
  return spec.blindPool ?? !(spec.completionOnly === true || spec.randomWeights === true);
}
