/**
 * The natural-language part of a prompt: what is left once code and links
 * are taken out. Language detection and user tags read only this, because a
 * pasted Python file is written in English keywords whatever the writer's
 * language, and `#include` or a CSS colour `#fff` inside code is not a tag.
 *
 * Removed, in this order:
 * - fenced code blocks (``` or ~~~, CommonMark: the fence closes on a line
 *   starting with at least as many of the same character; an unclosed fence
 *   runs to the end, as a Markdown renderer shows it);
 * - inline code spans (`…`, one or more backticks, same count to close);
 * - URLs (scheme://… and www.… up to the next whitespace).
 * Each removal leaves a newline, so words either side never fuse.
 */
export function proseText(text: string): string {
  return withoutInlineCode(withoutFences(text)).replace(URL, '\n');
}

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;
const URL = /\b(?:[a-z][a-z0-9+.-]*:\/\/|www\.)\S+/gi;
const INLINE_CODE = /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g;

function withoutFences(text: string): string {
  const kept: string[] = [];
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    if (fence === null) {
      const open = FENCE_OPEN.exec(line);
      if (open) fence = open[1]!;
      else kept.push(line);
      continue;
    }
    const close = FENCE_OPEN.exec(line);
    if (close && close[1]![0] === fence[0] && close[1]!.length >= fence.length && line.trim() === close[1]) fence = null;
  }
  return kept.join('\n');
}

function withoutInlineCode(text: string): string {
  return text.replace(INLINE_CODE, '\n');
}
