const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** Blocks that are always one line: ATX headings and thematic breaks. */
const ONE_LINE_BLOCK = /^ {0,3}(#{1,6}(\s|$)|(\*\s*){3,}$|(_\s*){3,}$)/;

/**
 * How much of a streaming answer can be rendered as Markdown without the
 * result changing once more text arrives: up to the last blank line, heading
 * line or closed code fence that is not inside an open code fence. The
 * rest, the block still being written, is shown as raw text until it is
 * complete, so a half-written list item or table never flashes as a broken
 * one. One linear scan, no regular expression over the whole text.
 */
export function stableMarkdownEnd(text: string): number {
  let end = 0;
  let fence: string | null = null;
  let lineStart = 0;
  while (lineStart < text.length) {
    const nl = text.indexOf('\n', lineStart);
    if (nl === -1) break; // the last line is still being written
    const line = text.slice(lineStart, nl);
    const next = nl + 1;
    const m = FENCE.exec(line);
    if (fence === null) {
      if (m) fence = m[1]!;
      else if (line.trim() === '' || ONE_LINE_BLOCK.test(line)) end = next;
    } else if (m && m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) {
      fence = null;
      end = next;
    }
    lineStart = next;
  }
  return end;
}
