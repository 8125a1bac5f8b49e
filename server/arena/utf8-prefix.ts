/**
 * The longest prefix of `text` that fits in `maxBytes` of UTF-8, never cutting
 * a character (a surrogate pair stays whole), and its size in bytes.
 */
export function utf8Prefix(text: string, maxBytes: number): { text: string; bytes: number } {
  const whole = Buffer.byteLength(text, 'utf8');
  if (whole <= maxBytes) return { text, bytes: whole };
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    const size = utf8Size(ch.codePointAt(0)!);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += ch.length;
  }
  return { text: text.slice(0, end), bytes };
}

function utf8Size(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
