import { describe, expect, it } from 'vitest';
import { createLogger } from '../server/logger.ts';

describe('createLogger', () => {
  const key = 'log-planted-key-0a9b8c7d6e5f';

  it('redacts configured keys in their encoded forms and credential shapes', () => {
    const lines: string[] = [];
    const log = createLogger('debug', [key], (l) => lines.push(l));
    log.info('echo', {
      b64: Buffer.from(`Bearer ${key}`).toString('base64'),
      hex: Buffer.from(key).toString('hex'),
      url: encodeURIComponent(`${key}/`),
    });
    log.error('probe failed: http://u:pw-1234567890@h/v1?access_token=abc');
    const all = lines.join('\n');
    expect(all).not.toContain(Buffer.from(key).toString('hex'));
    expect(all).not.toContain(key.slice(-12));
    expect(all).not.toContain(Buffer.from(key).toString('base64').slice(4, 20));
    expect(all).not.toContain('pw-1234567890');
    expect(all).not.toContain('access_token=abc');
  });

  it('writes control characters of provider text as visible escapes', () => {
    const lines: string[] = [];
    const log = createLogger('info', [], (l) => lines.push(l));
    log.info('provider said: \x1b[2J\x1b]0;owned\x07 \u202egnp.exe\r done', new Error('with\nits stack'));
    expect(lines).toHaveLength(1);
    // eslint-disable-next-line no-control-regex -- the assertion is about control characters
    expect(lines[0]).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]/);
    expect(lines[0]).toContain('provider said: \\x1b[2J\\x1b]0;owned\\x07 \\u202egnp.exe\\x0d done');
    // Newlines of a stack trace stay.
    expect(lines[0]).toContain('\n');
  });
});
