/** The highlighter chunk, fetched the first time an answer shows a code block. */
type Highlighter = (root: ParentNode) => void;

let highlighter: Highlighter | null = null;
let loading: Promise<Highlighter> | null = null;

export function loadHighlighter(): Promise<Highlighter> {
  return (loading ??= import('./highlight.ts').then(
    (m) => (highlighter = m.highlightCode),
    (e: unknown) => {
      loading = null;
      throw e;
    },
  ));
}

/** Colours the code blocks under `root` now if the chunk is here, else once it has loaded. */
export function highlightSoon(root: HTMLElement): void {
  if (!root.querySelector('pre > code[class*="language-"]')) return;
  if (highlighter) highlighter(root);
  else
    loadHighlighter().then(
      (h) => root.isConnected && h(root),
      () => {},
    );
}
