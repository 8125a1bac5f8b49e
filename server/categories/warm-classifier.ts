import { constants, PerformanceObserver } from 'node:perf_hooks';
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
  for (let i = 0; i < 2; i++) runClassifiers();
}

function runClassifiers(): void {
  classifyPrompt(['Write a short poem about a Python function that solves x² + 3x = 10 #warm-up']);
  classifyPrompt(['Wie schreibe ich eine SQL-Abfrage?', 'and then explain the proof step by step']);
}

/**
 * Keeps the classifiers' compiled patterns from being dropped: V8 discards a
 * regular expression's compiled code at a full (mark-compact) collection when
 * it has not run since the one before, and compiles it again, twice (the
 * interpreter's code, then machine code), at its next use. For the
 * classifiers' patterns that was 28 ms and then 19 ms of event loop at the
 * next two battles classified (after eight collections without a
 * classification); a restart at a million votes showed it as one stall of
 * 50-70 ms when its reclassification reached its first battle to classify. So
 * the classifiers run on the warm-up text (about 0.3 ms) after every full
 * collection: a timer once a second still missed two collections close
 * together at start-up, and its own run was then the 45 ms stall. Returns the
 * stop.
 */
export function keepClassifierWarm(): () => void {
  const observer = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      runClassifiers();
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => observer.disconnect();
}
