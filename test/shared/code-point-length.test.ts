import { describe, expect, it } from 'vitest';
import { codePointLength } from '../../shared/code-point-length.ts';
import { ClientMessage, LIMITS } from '../../shared/protocol.ts';

const start = (prompt: string) => ClientMessage.safeParse({ type: 'start', mode: 'blind', prompt }).success;

describe('codePointLength counts as the server does', () => {
  it('counts an emoji as one character, like zod 4 counts the prompt limit', () => {
    expect(codePointLength('😀😀')).toBe(2);
    expect(codePointLength('abc')).toBe(3);
    // A lone surrogate is one code point too.
    expect(codePointLength('\ud83d')).toBe(1);
  });

  it('agrees with the protocol at the limit: the page allows exactly what the server accepts', () => {
    const atLimit = '😀'.repeat(LIMITS.promptChars);
    expect(atLimit.length).toBe(2 * LIMITS.promptChars);
    expect(codePointLength(atLimit)).toBe(LIMITS.promptChars);
    expect(start(atLimit)).toBe(true);
    expect(codePointLength(`${atLimit}x`)).toBe(LIMITS.promptChars + 1);
    expect(start(`${atLimit}x`)).toBe(false);
  });
});
