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
