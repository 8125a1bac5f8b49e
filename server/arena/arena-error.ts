import type { ErrorCode } from '../../shared/protocol.ts';

/** A refusal the client is told about as an `error` message; never a crash. */
export class ArenaError extends Error {
  override name = 'ArenaError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
