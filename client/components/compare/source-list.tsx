import type { SourceNotes } from '../../lib/source-notes.ts';

const isUrl = (s: string) => /^https?:\/\/\S+$/i.test(s);

/** The numbered sources of the published figures on the page; a bare URL becomes a link, anything else stays text. */
export function SourceList({ notes }: { notes: SourceNotes }) {
  const list = notes.list();
  if (list.length === 0) return null;
  return (
    <section class="card card-wide sources" aria-labelledby="sources-title" data-testid="sources">
      <h2 id="sources-title">Sources of published figures</h2>
      <ol>
        {list.map((n) => (
          <li key={n.ref}>
            {isUrl(n.source) ? (
              <a href={n.source} target="_blank" rel="noopener noreferrer">
                {n.source}
              </a>
            ) : (
              n.source
            )}
          </li>
        ))}
      </ol>
      <p class="hint">Published figures are what their sources say; Versus did not measure them. Figures measured here are labelled so.</p>
    </section>
  );
}
