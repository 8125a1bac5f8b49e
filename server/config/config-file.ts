import { z } from 'zod';
import { AccessConfig, PublicOrigin } from './access-config.ts';
import { EndpointConfig } from './endpoint-config.ts';
import { DEFAULT_PROVISIONAL_VOTES } from '../ratings/compute-leaderboard-ratings.ts';
import { originEntryError } from '../net/origin-allow-list.ts';
import { trustedProxyEntryError } from '../net/trusted-proxies.ts';

const BATTLE_LIMIT = { burst: 20, perMinute: 30 };
const VOTE_LIMIT = { burst: 30, perMinute: 60 };
const STOP_LIMIT = { burst: 30, perMinute: 60 };
const NETWORK = {
  publicOrigins: [] as string[],
  trustedProxies: [] as string[],
  maxConnectionsPerAddress: 32,
  maxConnections: 2048,
  idleSocketSeconds: 30,
  maxExportsPerAddress: 1,
  maxExports: 2,
};
const Bucket = z.object({ burst: z.number().int().positive(), perMinute: z.number().positive() }).strict();

/** A string `check` accepts; its reason becomes the issue's message. */
const checkedString = (check: (s: string) => string | null) =>
  z.string().superRefine((v, ctx) => {
    const problem = check(v);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
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
        /** postgres://user@host:port/db: PostgreSQL instead of the SQLite file. No password here (PGPASSWORD or VERSUS_DATABASE_URL). */
        databaseUrl: z.string().optional(),
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
        idleMinutes: z
          .number()
          .positive()
          .max(24 * 60)
          .default(30),
        /** Wall-time cap per answer: the answer ends there, cut, and its request is aborted. */
        maxAnswerSeconds: z
          .number()
          .positive()
          .max(24 * 3600)
          .default(600),
        /** Stored-text cap per answer (UTF-8 bytes), for providers that ignore max_tokens. */
        maxAnswerBytes: z
          .number()
          .int()
          .min(1024)
          .max(64 * 1024 * 1024)
          .default(1024 * 1024),
        /**
         * How blind pairs are drawn: towards the pairs whose vote teaches the board most (`adaptive`), or every pair
         * alike (`uniform`: each model seated as often as any other, whatever the board says).
         */
        pairing: z.enum(['adaptive', 'uniform']).default('adaptive'),
      })
      .strict()
      .default({ defaultMaxTokens: 1024, idleMinutes: 30, maxAnswerSeconds: 600, maxAnswerBytes: 1024 * 1024, pairing: 'adaptive' }),
    /** Per-client token buckets (keyed by client address). */
    limits: z
      .object({
        battles: Bucket.default(BATTLE_LIMIT),
        votes: Bucket.default(VOTE_LIMIT),
        /** Stop requests: a stop of a battle not in memory reads the database. */
        stops: Bucket.default(STOP_LIMIT),
      })
      .strict()
      .default({ battles: BATTLE_LIMIT, votes: VOTE_LIMIT, stops: STOP_LIMIT }),
    /** Who may reach the server, as whom, and how much of it one client may hold. */
    network: z
      .object({
        /**
         * Origins the server answers as (`https://arena.example.com`), besides the loopback names on its own
         * port, which are always allowed. Any other Host is refused; a browser's Origin must be one of them exactly.
         */
        publicOrigins: z.array(checkedString(originEntryError)).default(NETWORK.publicOrigins),
        /** Proxies (CIDR ranges, addresses, `loopback`, `private`) whose Forwarded / X-Forwarded-* headers are believed. */
        trustedProxies: z.array(checkedString(trustedProxyEntryError)).default(NETWORK.trustedProxies),
        /** Open websockets per client address (per /64 for IPv6). */
        maxConnectionsPerAddress: z.number().int().positive().default(NETWORK.maxConnectionsPerAddress),
        /** Open websockets in all. Keep well under the process's open-file limit (`ulimit -n`). */
        maxConnections: z.number().int().positive().default(NETWORK.maxConnections),
        /** Websocket ping interval; a socket that has not answered the previous ping by the next is closed. 0 = never. */
        idleSocketSeconds: z.number().min(0).max(3600).default(NETWORK.idleSocketSeconds),
        /** Exports streaming at once per client address, and in all. */
        maxExportsPerAddress: z.number().int().positive().default(NETWORK.maxExportsPerAddress),
        maxExports: z.number().int().positive().default(NETWORK.maxExports),
      })
      .strict()
      .default(NETWORK),
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
