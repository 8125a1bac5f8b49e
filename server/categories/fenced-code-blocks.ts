/**
 * How many fenced code blocks (``` or ~~~ at the start of a line, up to three
 * spaces in, CommonMark) a text opens. An unclosed fence counts: a prompt
 * that pastes code after an opening fence is still pasting code.
 */
export function fencedCodeBlocks(text: string): number {
  let count = 0;
  let fence: string | null = null;
  for (const line of text.split('\n')) {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (marker === undefined) continue;
    if (fence === null) {
      fence = marker;
      count++;
    } else if (marker[0] === fence[0] && marker.length >= fence.length && line.trim() === marker) {
      fence = null;
    }
  }
  return count;
}
