import { secretForms, type SecretForm } from './secret-forms.ts';

export const REDACTED = '[redacted]';

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function alternation(forms: SecretForm[], flags: string): RegExp | null {
  if (forms.length === 0) return null;
  // Longest first: at one position the longer form wins.
  const sorted = [...new Set(forms.map((f) => f.text))].sort((a, b) => b.length - a.length);
  return new RegExp(sorted.map(escapeRegExp).join('|'), flags);
}

/**
 * Replaces known secrets, in every form they are echoed in (see
 * secret-forms.ts), with [redacted]. Built once per set of secrets: the
 * forms and their patterns are computed up front.
 */
export class SecretRedactor {
  private readonly exact: RegExp | null;
  private readonly folded: RegExp | null;
  /** Every form, lower-cased where case does not matter, for the held-back check. */
  private readonly prefixes: SecretForm[];

  constructor(secrets: Iterable<string | undefined>) {
    const forms = [...new Set([...secrets].filter((s): s is string => !!s))].flatMap(secretForms);
    this.exact = alternation(
      forms.filter((f) => !f.ignoreCase),
      'g',
    );
    this.folded = alternation(
      forms.filter((f) => f.ignoreCase),
      'gi',
    );
    this.prefixes = forms.map((f) => (f.ignoreCase ? { text: f.text.toLowerCase(), ignoreCase: true } : f));
  }

  get empty(): boolean {
    return this.prefixes.length === 0;
  }

  redact(text: string): string {
    let out = text;
    if (this.exact) out = out.replace(this.exact, REDACTED);
    if (this.folded) out = out.replace(this.folded, REDACTED);
    return out;
  }

  /**
   * How many characters at the end of `text` could be the start of a secret
   * that the next piece of a stream completes. A stream relays all but these,
   * so a secret split across pieces is never half sent.
   */
  pendingLength(text: string): number {
    let longest = 0;
    let lower: string | undefined;
    for (const form of this.prefixes) {
      const hay = form.ignoreCase ? (lower ??= text.toLowerCase()) : text;
      const first = form.text[0]!;
      // Only starts that leave a proper prefix of the form at the end, longer than what is already held.
      for (let i = Math.max(0, hay.length - form.text.length + 1); i < hay.length - longest; i++) {
        if (hay[i] !== first) continue;
        if (form.text.startsWith(hay.slice(i))) {
          longest = hay.length - i;
          break;
        }
      }
    }
    return longest;
  }
}
