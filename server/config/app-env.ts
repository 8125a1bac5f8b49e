import { z } from 'zod';

/** The environment variables Versus reads, parsed once at start. */
export const AppEnv = z.object({
  VERSUS_CONFIG: z.string().optional(),
  VERSUS_DB: z.string().optional(),
  VERSUS_HOST: z.string().optional(),
  VERSUS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).optional(),
  VERSUS_MODELS_DIR: z.string().optional(),
  VERSUS_OFFLINE: z.string().optional(),
  VERSUS_LOG: z.enum(['silent', 'error', 'info', 'debug']).optional(),
});
export type AppEnv = z.infer<typeof AppEnv>;
