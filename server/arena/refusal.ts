import type { ErrorCode } from '../../shared/protocol.ts';

/**
 * A broken battle rule, as a value: the pure rules return it instead of
 * throwing, and the router turns it into an `error` frame.
 */
export interface Refusal {
  readonly refused: ErrorCode;
  readonly message: string;
}

export function refuse(refused: ErrorCode, message: string): Refusal {
  return { refused, message };
}

export function isRefusal(v: unknown): v is Refusal {
  return typeof v === 'object' && v !== null && 'refused' in v;
}
