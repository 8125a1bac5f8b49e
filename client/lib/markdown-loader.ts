export type MarkdownRenderer = (src: string) => string;

let renderer: MarkdownRenderer | null = null;
let loading: Promise<MarkdownRenderer> | null = null;

/** The Markdown renderer once loaded; null until then (the answer shows as plain streamed text). */
export function markdownRenderer(): MarkdownRenderer | null {
  return renderer;
}

/**
 * marked + DOMPurify are about 28 kB of gzipped JavaScript, ~40% of the page,
 * and nothing needs them before the first answer arrives. They load as a
 * separate chunk, started right after the page first renders (so they are
 * normally ready long before the first token); until then an answer shows as
 * plain streamed text.
 */
export function loadMarkdown(): Promise<MarkdownRenderer> {
  return (loading ??= import('./markdown.ts').then(
    (m) => (renderer = m.renderMarkdown),
    (e: unknown) => {
      loading = null; // let a later answer try again (e.g. after a server restart)
      throw e;
    },
  ));
}
