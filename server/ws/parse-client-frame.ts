import { LIMITS, ClientMessage } from '../../shared/protocol.ts';
import { formatZodError } from '../config/format-zod-error.ts';
import { ArenaError } from '../arena/arena-error.ts';

/** Turns one raw websocket frame into a ClientMessage, or an ArenaError saying exactly what is wrong. */
export function parseClientFrame(data: unknown): { ok: true; msg: ClientMessage } | { ok: false; error: ArenaError; requestId?: string } {
  if (typeof data !== 'string') return { ok: false, error: new ArenaError('bad_message', 'Frames must be JSON text, not binary') };
  if (Buffer.byteLength(data) > LIMITS.frameBytes) {
    return { ok: false, error: new ArenaError('too_large', `Frame larger than ${LIMITS.frameBytes} bytes`) };
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return { ok: false, error: new ArenaError('bad_message', 'Frame is not valid JSON') };
  }
  const r = ClientMessage.safeParse(json);
  if (r.success) return { ok: true, msg: r.data };
  const rid = (json as { requestId?: unknown })?.requestId;
  const requestId = typeof rid === 'string' && rid.length > 0 && rid.length <= 64 ? rid : undefined;
  return {
    ok: false,
    error: new ArenaError('bad_message', `Invalid message: ${formatZodError(r.error).replace(/\n/g, '; ')}`),
    ...(requestId ? { requestId } : {}),
  };
}
