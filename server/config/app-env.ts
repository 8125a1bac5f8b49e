import { z } from 'zod';
import { originEntryError } from '../net/origin-allow-list.ts';

/** The environment variables Versus reads, parsed once at start. */
export const AppEnv = z.object({
  VERSUS_CONFIG: z.string().optional(),
  VERSUS_DB: z.string().optional(),
  /** postgres://… selects PostgreSQL instead of the SQLite file (see README, Storage). */
  VERSUS_DATABASE_URL: z.string().optional(),
  /** redis://… or rediss://…: rate limits, the rating refit, stops and endpoint health shared across processes and machines. */
  VERSUS_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  /** Prefix of every Redis key and channel Versus uses (several arenas, or tests, can share one Redis). */
  VERSUS_REDIS_PREFIX: z
    .string()
    .regex(/^[\w.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
    .optional(),
  /** Processes serving the one port on this machine (node:cluster); 1, the default, is one process and no cluster. */
  VERSUS_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  VERSUS_HOST: z.string().optional(),
  VERSUS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  VERSUS_MODELS_DIR: z.string().optional(),
  VERSUS_OFFLINE: z.string().optional(),
  VERSUS_LOG: z.enum(['silent', 'error', 'info', 'debug']).optional(),
  /** More public origins, comma-separated (added to the config file's `network.publicOrigins`). */
  VERSUS_PUBLIC_ORIGIN: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .superRefine((list, ctx) => {
      for (const o of list) {
        const problem = originEntryError(o);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }
    })
    .optional(),
});
export type AppEnv = z.infer<typeof AppEnv>;
