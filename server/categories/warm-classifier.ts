import { classifyPrompt } from './classify-prompt.ts';
import { loadLanguageDetector } from './detect-language.ts';

/**
 * Loads the language detector's tables and runs the classifiers once each
 * way, so that their one-time costs (the tables' module, about 0.1–0.15 s;
 * the first compilation of each word pattern, and the second one V8 makes
 * of a pattern it runs again) are paid during start-up, before the server
 * listens. Paid at the first battle to classify instead, they were one stall
 * of 130 ms on the event loop after a restart at a million votes (every
 * request waited behind it).
 */
export async function warmClassifier(): Promise<void> {
  await loadLanguageDetector();
  for (let i = 0; i < 2; i++) {
    classifyPrompt(['Write a short poem about a Python function that solves x² + 3x = 10 #warm-up']);
    classifyPrompt(['Wie schreibe ich eine SQL-Abfrage?', 'and then explain the proof step by step']);
  }
}
