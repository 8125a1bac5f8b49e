import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { MeaningBoardResponse, MeaningQuery } from '../../shared/meaning-api.ts';
import type { AuthEnv } from '../auth/identity.ts';
import type { RateLimit } from '../limits/rate-limit.ts';
import { TokenBuckets } from '../limits/token-bucket.ts';
import { addressBucket } from '../net/address-bucket.ts';
import { MeaningUnavailableError, type MeaningBoards } from './meaning-boards.ts';

export interface MeaningRoutesDeps {
  boards: MeaningBoards;
  clientAddress: (c: Context) => string;
  /** Per client address; each query embeds a text and fits a bootstrap (default: 5 at once, 20 a minute). */
  limit?: RateLimit;
}

/**
 * `GET /api/leaderboard/meaning?mode=…&q=<topic>[&temperature=…]`: the board
 * for prompts like the topic (meaning-boards.ts). 503 with how to get the
 * embedding model while there is none: never a lexical stand-in.
 */
export function createMeaningRoutes(deps: MeaningRoutesDeps) {
  const app = new Hono<AuthEnv>();
  const limit = deps.limit ?? new TokenBuckets({ burst: 5, perMinute: 20 });

  app.get('/leaderboard/meaning', async (c) => {
    const parsed = MeaningQuery.safeParse({
      mode: c.req.query('mode'),
      q: c.req.query('q') ?? '',
      temperature: c.req.query('temperature'),
    });
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = String(issue?.path[0] ?? 'query');
      const why =
        field === 'mode'
          ? 'mode must be blind, named or all'
          : field === 'temperature'
            ? 'temperature must be between 0.01 and 1'
            : issue?.message;
      throw new HTTPException(400, { message: why ?? 'bad query' });
    }
    const wait = await limit.take(addressBucket(deps.clientAddress(c)));
    if (wait > 0) {
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return c.json({ error: { code: '429', message: 'Too many boards by meaning from this address; try again shortly' } }, 429);
    }
    const { mode, q, temperature } = parsed.data;
    try {
      return c.json(MeaningBoardResponse.parse(await deps.boards.board(mode, q, temperature)));
    } catch (e) {
      if (e instanceof MeaningUnavailableError) throw new HTTPException(503, { message: e.message });
      throw e;
    }
  });

  return app;
}
