import { describe, expect, it } from 'vitest';
import { stableMarkdownEnd } from '../../client/lib/markdown-boundary.ts';

const cut = (s: string) => s.slice(0, stableMarkdownEnd(s));

describe('stableMarkdownEnd', () => {
  it('ends after the last blank line', () => {
    expect(cut('Intro paragraph.\n\n- one\n- tw')).toBe('Intro paragraph.\n\n');
    expect(cut('No block is complete yet')).toBe('');
    expect(cut('One\n\nTwo\n\nThr')).toBe('One\n\nTwo\n\n');
    expect(cut('Spaces count as blank\n   \nnext')).toBe('Spaces count as blank\n   \n');
  });

  it('a heading line is a block of its own', () => {
    expect(cut('## Title\nSome text')).toBe('## Title\n');
    expect(cut('## Title')).toBe('');
    expect(cut('Para\n***\nmore')).toBe('Para\n***\n');
    // A dash line could still turn the paragraph above into a heading: not a boundary.
    expect(cut('Para\n---\nmore')).toBe('');
  });

  it('never ends inside an open code fence', () => {
    expect(cut('Text\n\n```js\nconst a = 1;\n\nconst b')).toBe('Text\n\n');
    expect(cut('Text\n\n~~~\ncode\n\n')).toBe('Text\n\n');
  });

  it('ends right after a closed fence', () => {
    expect(cut('```py\nprint(1)\n\n```\nAfter')).toBe('```py\nprint(1)\n\n```\n');
    // A shorter or different fence does not close it.
    expect(cut('````\n```\n\nstill code')).toBe('');
    expect(cut('```\n~~~\n\nstill code')).toBe('');
  });

  it('waits for the closing fence line to be complete', () => {
    expect(cut('Text\n\n```\ncode\n```')).toBe('Text\n\n');
  });
});
