import { describe, expect, it } from 'vitest';
import { isPlainText, openDelimiters, provisionalMarkdown } from '../../client/lib/provisional-markdown.ts';

describe('provisionalMarkdown', () => {
  it('closes an open code fence with the same fence', () => {
    expect(provisionalMarkdown('```js\nconst a = 1')).toBe('```js\nconst a = 1\n```');
    expect(provisionalMarkdown('~~~~\ncode')).toBe('~~~~\ncode\n~~~~');
    // A closed fence is left alone.
    expect(provisionalMarkdown('```\nx\n```\nafter **b')).toBe('```\nx\n```\nafter **b**');
  });

  it('closes emphasis, strikethrough and code spans left open on the last line, innermost first', () => {
    expect(provisionalMarkdown('- **Debounce')).toBe('- **Debounce**');
    expect(provisionalMarkdown('a *b **c')).toBe('a *b **c***');
    expect(provisionalMarkdown('~~old and `code')).toBe('~~old and `code`~~');
    expect(provisionalMarkdown('done **bold** and _it')).toBe('done **bold** and _it_');
  });

  it('leaves bullets, snake_case, escapes and marks inside code spans alone', () => {
    expect(openDelimiters('* item')).toEqual([]);
    expect(openDelimiters('call my_func now')).toEqual([]);
    expect(openDelimiters('\\*not emphasis')).toEqual([]);
    expect(openDelimiters('`a * b')).toEqual(['`']);
    expect(openDelimiters('2 * 3 = 6')).toEqual([]);
  });
});

describe('isPlainText', () => {
  it('is true only for text that cannot change the structure above it', () => {
    expect(isPlainText('w12 w13 ')).toBe(true);
    expect(isPlainText('Grüße, (schön)?')).toBe(true);
    for (const s of ['\n', '*', '`', '|', '#', '-', '[', '<', '_', '.']) expect(isPlainText(`a${s}`)).toBe(false);
  });
});
