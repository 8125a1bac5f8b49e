import { describe, expect, it } from 'vitest';
import { wordDiff } from '../../client/lib/word-diff.ts';

const marked = (parts: { text: string; changed: boolean }[]) => parts.filter((p) => p.changed).map((p) => p.text.trim());

describe('wordDiff', () => {
  it('marks the words only one answer has, on its own side', () => {
    const d = wordDiff('The quick brown fox jumps.', 'The quick red fox jumps.')!;
    expect(marked(d.a)).toEqual(['brown']);
    expect(marked(d.b)).toEqual(['red']);
    // Each side still reads as its whole answer.
    expect(d.a.map((p) => p.text).join('')).toBe('The quick brown fox jumps.');
    expect(d.b.map((p) => p.text).join('')).toBe('The quick red fox jumps.');
  });

  it('marks nothing when only whitespace differs', () => {
    const d = wordDiff('one two\nthree', 'one  two three')!;
    expect(marked(d.a)).toEqual([]);
    expect(marked(d.b)).toEqual([]);
  });
});
