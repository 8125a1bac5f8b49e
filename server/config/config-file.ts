import { z } from 'zod';
import { AccessConfig, PublicOrigin } from './access-config.ts';
import { EndpointConfig } from './endpoint-config.ts';
import { DEFAULT_PROVISIONAL_VOTES } from '../ratings/compute-leaderboard-ratings.ts';

const BATTLE_LIMIT = { burst: 20, perMinute: 30 };
const VOTE_LIMIT = { burst: 30, perMinute: 60 };
const RATINGS = { rounds: 1000, seed: 42, provisionalVotes: DEFAULT_PROVISIONAL_VOTES, anchor: { value: 1000 } };

/** One first-run model: where to get it, what it must be, and the name it gets under ./models. */
const StarterModelEntry = z
  .object({
    label: z.string().min(1),
    url: z.url(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/i),
    sizeBytes: z.number().int().positive(),
    fileName: z.string().regex(/^[^/\\]+\.gguf$/i),
    license: z.string().min(1),
  })
  .strict();

/**
 * The user's config file (JSON). Everything is optional: Versus runs with none.
 * `models` entries whose id matches a built-in override its facts field by
 * field; others add new models and must be complete.
 */
export const ConfigFile = z
  .object({
    $schema: z.string().optional(),
    server: z
      .object({
        host: z.string().optional(),
        port: z.number().int().min(0).max(65535).optional(),
        dbPath: z.string().optional(),
        /** Where people reach Versus (`https://versus.example.com`): the OpenID Connect redirect, and `Secure` cookies when https. */
        publicOrigin: PublicOrigin.optional(),
      })
      .strict()
      .default({}),
    battle: z
      .object({
        /** Output cap per answer when the model entry sets none. */
        defaultMaxTokens: z.number().int().positive().default(1024),
        /** Optional system prompt sent to both sides. */
        systemPrompt: z.string().optional(),
        /** An unvoted battle nobody touches leaves memory after this long; it stays stored and reloads on demand. */
        idleMinutes: z.number().positive().max(24 * 60).default(30),
        /** Wall-time cap per answer: the answer ends there, cut, and its request is aborted. */
        maxAnswerSeconds: z.number().positive().max(24 * 3600).default(600),
        /** Stored-text cap per answer (UTF-8 bytes), for providers that ignore max_tokens. */
        maxAnswerBytes: z.number().int().min(1024).max(64 * 1024 * 1024).default(1024 * 1024),
      })
      .strict()
      .default({ defaultMaxTokens: 1024, idleMinutes: 30, maxAnswerSeconds: 600, maxAnswerBytes: 1024 * 1024 }),
    /** Per-client token buckets (keyed by client address). */
    limits: z
      .object({
        battles: z.object({ burst: z.number().int().positive(), perMinute: z.number().positive() }).strict().default(BATTLE_LIMIT),
        votes: z.object({ burst: z.number().int().positive(), perMinute: z.number().positive() }).strict().default(VOTE_LIMIT),
      })
      .strict()
      .default({ battles: BATTLE_LIMIT, votes: VOTE_LIMIT }),
    ratings: z
      .object({
        /** Bootstrap rounds for the established models' 95 % intervals; 0 = profile likelihood for every model. */
        rounds: z.number().int().min(0).max(100_000).default(RATINGS.rounds),
        /** Seed of the bootstrap: the same votes give the same intervals. */
        seed: z.number().int().default(RATINGS.seed),
        /** Counted votes from which a model is established (ranked, and part of the anchor); below, provisional. */
        provisionalVotes: z.number().int().min(0).max(1_000_000).default(RATINGS.provisionalVotes),
        /** Pin `model` to `value` (used where that model is established), or put the established models' mean at `value`. */
        anchor: z
          .object({ model: z.string().min(1).optional(), value: z.number().default(RATINGS.anchor.value) })
          .strict()
          .default(RATINGS.anchor),
      })
      .strict()
      .default(RATINGS),
    local: z
      .object({
        /** More GGUF folders, besides ./models and VERSUS_MODELS_DIR. */
        modelsDirs: z.array(z.string()).default([]),
        /** Never download the first-run starter models (also VERSUS_OFFLINE=1). */
        offline: z.boolean().default(false),
        /**
         * The first-run models (default: two SmolLM2 sizes), or false for none.
         * A single object, as older configs give it, is one starter.
         */
        starter: z
          .union([
            z.literal(false),
            StarterModelEntry,
            z
              .array(StarterModelEntry)
              .refine((list) => new Set(list.map((s) => s.fileName)).size === list.length, 'two starters share a fileName'),
          ])
          .optional(),
      })
      .strict()
      .default({ modelsDirs: [], offline: false }),
    discovery: z
      .object({
        /** Per probe; all probes run in parallel. */
        timeoutMs: z.number().int().positive().max(10_000).default(1500),
        /** Keyless OpenAI-compatible servers to look for (default: LM Studio :1234, llama.cpp :8080, vLLM :8000). */
        servers: z
          .array(z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i), label: z.string().min(1), baseURL: z.url() }).strict())
          .optional(),
        /** How often endpoints are probed again while Versus runs (also soon after a network error); 0 = only at start. */
        reprobeSeconds: z.number().min(0).max(86_400).default(30),
      })
      .strict()
      .default({ timeoutMs: 1500, reprobeSeconds: 30 }),
    endpoints: z.array(EndpointConfig).default([]),
    models: z.array(z.record(z.string(), z.unknown())).default([]),
    /** Hide built-in models or endpoints by id. */
    disable: z.array(z.string()).default([]),
    /** Who may use the arena and who administers it (README: Deploying for a team). */
    access: AccessConfig.default({ mode: 'local', allowOpenNetwork: false, sessionDays: 30, team: { secretEnv: 'VERSUS_TEAM_SECRET' } }),
  })
  .strict();
export type ConfigFile = z.infer<typeof ConfigFile>;
