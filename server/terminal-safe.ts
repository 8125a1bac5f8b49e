/**
 * Text as it may be written to a terminal: escape sequences (colours, cursor
 * moves, window titles, OSC 8 links, the "clear screen" of a hostile server)
 * and every other control character are shown as `\xNN` instead of acting.
 * Newlines and tabs stay: log lines have stack traces.
 */
export function terminalSafe(text: string): string {
  // C0 controls but \t and \n, DEL, C1 controls, and Unicode's bidirectional overrides (they reorder what a line appears to say).
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}
