/** One way a secret can be written; `ignoreCase` where the encoding's letters may come in either case. */
export interface SecretForm {
  text: string;
  ignoreCase: boolean;
}

/** Secrets shorter than this are placeholders ("none", "ollama"); matching them would mangle ordinary words. */
export const MIN_SECRET_LENGTH = 8;

/**
 * Base64 of `bytes` as it appears inside any longer base64 text: a secret at
 * byte offset 1 or 2 of an encoded whole (a header, a JSON body) is written
 * with different characters than at offset 0. For each offset, the characters
 * that depend on the secret's bytes alone: the ones shared with a neighbour
 * byte, at either end, are left out.
 */
function base64Alignments(bytes: Buffer): string[] {
  return [0, 1, 2].map((offset) => {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const encoded = padded.toString('base64').replace(/=+$/, '');
    const skip = [0, 2, 3][offset]!;
    return encoded.slice(skip, padded.length % 3 === 0 ? encoded.length : encoded.length - 1);
  });
}

/**
 * The forms a secret takes when a provider, a proxy or an error message
 * echoes it: as is, base64 and base64url (at each alignment), hex, and
 * URL-encoded (encodeURIComponent, and every byte as %XX).
 */
export function secretForms(secret: string): SecretForm[] {
  if (secret.length < MIN_SECRET_LENGTH) return [];
  const bytes = Buffer.from(secret, 'utf8');
  const forms: SecretForm[] = [{ text: secret, ignoreCase: false }];
  for (const b64 of base64Alignments(bytes)) {
    forms.push({ text: b64, ignoreCase: false }, { text: b64.replace(/\+/g, '-').replace(/\//g, '_'), ignoreCase: false });
  }
  forms.push({ text: bytes.toString('hex'), ignoreCase: true });
  forms.push({ text: [...bytes].map((b) => `%${b.toString(16).padStart(2, '0')}`).join(''), ignoreCase: true });
  const uriEncoded = encodeURIComponent(secret);
  if (uriEncoded !== secret) forms.push({ text: uriEncoded, ignoreCase: true });
  const seen = new Set<string>();
  return forms.filter((f) => {
    const key = `${f.ignoreCase ? 'i' : 's'}:${f.ignoreCase ? f.text.toLowerCase() : f.text}`;
    if (f.text.length < MIN_SECRET_LENGTH - 2 || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
