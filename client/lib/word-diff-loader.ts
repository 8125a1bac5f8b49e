import type { wordDiff } from './word-diff.ts';

/** jsdiff loads only when someone asks what differs. */
let loading: Promise<typeof wordDiff> | null = null;

export function loadWordDiff(): Promise<typeof wordDiff> {
  return (loading ??= import('./word-diff.ts').then(
    (m) => m.wordDiff,
    (e: unknown) => {
      loading = null;
      throw e;
    },
  ));
}
