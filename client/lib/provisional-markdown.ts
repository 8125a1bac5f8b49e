const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * The block still being written, made renderable: an open code fence is
 * closed, and emphasis, strikethrough and code spans left open on its last
 * line are closed, so `- **Debounce` shows as a list item in bold and an
 * unfinished code block in a monospace box, not as raw marks that jump
 * once the block completes. Only the display changes; the text is untouched.
 */
export function provisionalMarkdown(block: string): string {
  let fence: string | null = null;
  for (const line of block.split('\n')) {
    const m = FENCE.exec(line);
    if (!m) continue;
    if (fence === null) fence = m[1]!;
    else if (m[1]![0] === fence[0] && m[1]!.length >= fence.length && line.trim() === m[1]) fence = null;
  }
  if (fence !== null) return `${block}\n${fence}`;
  const lastLine = block.slice(block.lastIndexOf('\n') + 1);
  return block + openDelimiters(lastLine).reverse().join('');
}

const isSpace = (c: string | undefined) => c === undefined || /\s/.test(c);
const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * Delimiters opened and not closed on one line, innermost last. An opener
 * must be followed by a non-space (so a `* ` bullet is not one); an
 * underscore inside a word (snake_case) is not one either.
 */
export function openDelimiters(line: string): string[] {
  const stack: string[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    let run = 1;
    while (line[i + run] === c) run++;
    const top = stack[stack.length - 1];
    if (c === '`') {
      const ticks = '`'.repeat(run);
      if (top === ticks) stack.pop();
      else if (!top?.startsWith('`')) stack.push(ticks);
      i += run;
      continue;
    }
    if (top?.startsWith('`') || (c !== '*' && c !== '_' && c !== '~') || (c === '~' && run < 2)) {
      i += c === '~' ? run : 1;
      continue;
    }
    const d = run >= 2 ? c + c : c;
    if (top === d && !isSpace(line[i - 1])) stack.pop();
    else if (!isSpace(line[i + d.length]) && !(c === '_' && isWordChar(line[i - 1]))) stack.push(d);
    i += d.length;
  }
  return stack;
}

/**
 * Text that cannot change how the block above it renders when appended to
 * its last line: letters, digits, spaces and quiet punctuation. Such text is
 * added to the display as it comes; anything else waits for a re-render.
 */
export const isPlainText = (s: string) => /^[\p{L}\p{N} ,;'"?!()]*$/u.test(s);
