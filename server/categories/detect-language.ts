import type { eld as Eld } from 'eld/extrasmall';
import { proseText } from './prose-text.ts';

let detector: typeof Eld | null = null;
let loading: Promise<void> | null = null;

/**
 * Loads the detector's tables, once. Not at import: the server loads them
 * before it listens (warm-classifier.ts), and anything else that classifies
 * (the category boards, tests) awaits this first.
 */
export function loadLanguageDetector(): Promise<void> {
  loading ??= import('eld/extrasmall').then((m) => {
    detector = m.eld;
  });
  return loading;
}

export function languageDetectorLoaded(): boolean {
  return detector !== null;
}

/**
 * The language a prompt is written in, as an ISO 639-1 code ("de", "ja"), or
 * null when the text is too short to tell.
 *
 * Detector: eld 2.1 ("Efficient Language Detector", Apache-2.0), its static
 * extra-small database: n-gram scores for 60 languages, 0.9 MB of tables,
 * loaded once by loadLanguageDetector() (about 0.15–0.4 s and 30 MB of heap on
 * the 2-core test machines), then about 1 ms a prompt; no native code,
 * deterministic. Calling this before the tables are loaded is a programming
 * error, and throws.
 * Chosen on the labelled prompts of test/categories/labelled-prompts.ts
 * (prose as read here): eld 57/57, tinyld 54/57 (calls short English
 * Esperanto or Danish), franc-min 49/57 (short English prompts come out as
 * Hausa, Ilocano, French; its trigram profiles need longer text).
 *
 * Only the prose is read (prose-text.ts: code, inline code and links out),
 * and #tags too, so that a German question about a Python snippet is German.
 * Fewer than MIN_LETTERS letters (any script) give null: "ok thx" or "hi"
 * are no evidence, and a guess would put them on some language's board.
 *
 * Chinese, Japanese and Korean are told by script first (cjkLanguage), as
 * franc does: eld scored "JavaScriptで配列の重複を…" and "用JavaScript写…" as
 * Finnish, the Latin-script name outweighing the rest. Any kana → Japanese,
 * else any Hangul → Korean, else Han making up at least a third of the
 * letters → Chinese (Japanese without kana is rare in a prompt).
 */
export function detectLanguage(text: string): string | null {
  if (detector === null) throw new Error('the language detector is not loaded: await loadLanguageDetector() first');
  const prose = proseText(text).replace(TAG, '$1 ').replace(/\s+/g, ' ').trim();
  let letters = 0;
  for (const _ of prose.matchAll(LETTER)) if (++letters >= MIN_LETTERS) break;
  if (letters < MIN_LETTERS) return null;
  const script = cjkLanguage(prose);
  if (script !== null) return script;
  const { language } = detector.detect(prose);
  return language === '' ? null : language;
}

/** Fewer letters than this give no language. */
export const MIN_LETTERS = 6;

const LETTER = /\p{L}/gu;
const TAG = /(^|[^\p{L}\p{N}_&])#[\p{L}\p{N}_-]+/gu;

function cjkLanguage(prose: string): string | null {
  if (KANA.test(prose)) return 'ja';
  if (HANGUL.test(prose)) return 'ko';
  let han = 0;
  let letters = 0;
  for (const m of prose.matchAll(LETTER)) {
    letters++;
    if (HAN.test(m[0])) han++;
  }
  return han > 0 && 3 * han >= letters ? 'zh' : null;
}

const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /\p{Script=Han}/u;
