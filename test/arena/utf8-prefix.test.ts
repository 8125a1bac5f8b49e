import { describe, expect, it } from 'vitest';
import { utf8Prefix } from '../../server/arena/utf8-prefix.ts';

describe('utf8Prefix', () => {
  it('keeps text that fits, with its size', () => {
    expect(utf8Prefix('héllo', 6)).toEqual({ text: 'héllo', bytes: 6 });
  });

  it('cuts at the last whole character that fits', () => {
    expect(utf8Prefix('aé€', 3)).toEqual({ text: 'aé', bytes: 3 });
    expect(utf8Prefix('aé€', 5)).toEqual({ text: 'aé', bytes: 3 });
    expect(utf8Prefix('aé€', 6)).toEqual({ text: 'aé€', bytes: 6 });
  });

  it('never splits a surrogate pair', () => {
    expect(utf8Prefix('x😀y', 4)).toEqual({ text: 'x', bytes: 1 });
    expect(utf8Prefix('x😀y', 5)).toEqual({ text: 'x😀', bytes: 5 });
  });

  it('keeps nothing when nothing fits', () => {
    expect(utf8Prefix('€', 2)).toEqual({ text: '', bytes: 0 });
    expect(utf8Prefix('a', 0)).toEqual({ text: '', bytes: 0 });
  });
});
