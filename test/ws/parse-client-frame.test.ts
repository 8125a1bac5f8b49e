import { describe, expect, it } from 'vitest';
import { parseClientFrame } from '../../server/ws/parse-client-frame.ts';
import { LIMITS } from '../../shared/protocol.ts';

describe('parseClientFrame', () => {
  it('accepts a valid start message', () => {
    const r = parseClientFrame(JSON.stringify({ type: 'start', mode: 'blind', prompt: 'hi' }));
    expect(r.ok).toBe(true);
  });
  it.each([
    ['not json', '{nope', 'bad_message', /not valid JSON/],
    ['unknown type', JSON.stringify({ type: 'launch' }), 'bad_message', /Invalid message/],
    ['empty prompt', JSON.stringify({ type: 'start', mode: 'blind', prompt: '   ' }), 'bad_message', /prompt is empty/],
    ['named without models', JSON.stringify({ type: 'start', mode: 'named', prompt: 'x' }), 'bad_message', /models/],
    ['bad vote choice', JSON.stringify({ type: 'vote', battleId: 'x'.repeat(32), choice: 'c' }), 'bad_message', /choice/],
    [
      'too long prompt',
      JSON.stringify({ type: 'start', mode: 'blind', prompt: 'x'.repeat(LIMITS.promptChars + 1) }),
      'bad_message',
      /longer than/,
    ],
    ['too large frame', 'x'.repeat(LIMITS.frameBytes + 1), 'too_large', /larger than/],
  ])('rejects %s with a clear error', (_name, frame, code, message) => {
    const r = parseClientFrame(frame);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message).toMatch(message);
    }
  });
  it('echoes a usable requestId on invalid messages', () => {
    const r = parseClientFrame(JSON.stringify({ type: 'vote', requestId: 'r1', battleId: 'short', choice: 'a' }));
    expect(r.ok === false && r.requestId).toBe('r1');
  });
  it('rejects binary frames', () => {
    expect(parseClientFrame(Buffer.from('x')).ok).toBe(false);
  });
});
