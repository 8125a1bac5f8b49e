import { describe, expect, it } from 'vitest';
import { MAX_TAGS, MAX_TAG_LENGTH, userTags } from '../../server/categories/user-tags.ts';

describe('userTags', () => {
  it('lower-cases, keeps order of first use and drops duplicates', () => {
    expect(userTags(['#SQL question about #migrations', 'more on #sql and #Ops'])).toEqual(['sql', 'migrations', 'ops']);
  });

  it('accepts letters of any script, digits, - and _ after a first letter', () => {
    expect(userTags(['#übersetzung #日本語 #support-de #q3_review #café'])).toEqual([
      'übersetzung',
      '日本語',
      'support-de',
      'q3_review',
      'café',
    ]);
  });

  it('ignores C#, issue#12, HTML entities, numbers, headings and double hashes', () => {
    expect(userTags(['In C# and F#, see issue#12 and &#39; or #42.\n# Heading\n## Sub ##x'])).toEqual([]);
  });

  it('ignores code, inline code, URLs, preprocessor words and hex colours', () => {
    const text =
      '```c\n#include <stdio.h>\n#tagincode\n```\n`#inline` https://x.org/page#anchor #define #region #fff #c0ffee #bada55 #real';
    expect(userTags([text])).toEqual(['real']);
  });

  it('caps the count at MAX_TAGS and skips runs longer than MAX_TAG_LENGTH', () => {
    const many = Array.from({ length: MAX_TAGS + 5 }, (_, i) => `#t${String.fromCharCode(97 + i)}`).join(' ');
    const tags = userTags([many]);
    expect(tags).toHaveLength(MAX_TAGS);
    expect(tags[0]).toBe('ta');
    expect(userTags([`#${'a'.repeat(MAX_TAG_LENGTH)} #${'b'.repeat(MAX_TAG_LENGTH + 1)}`])).toEqual(['a'.repeat(MAX_TAG_LENGTH)]);
  });

  it('trims trailing - and _ (a tag at the end of a sentence stays clean)', () => {
    expect(userTags(['tagged #billing- and #ops_.'])).toEqual(['billing', 'ops']);
  });
});
