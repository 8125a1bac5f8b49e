import type { HeadToHeadResponse } from '../../../shared/api.ts';

/** "Choose A if… / choose B if…": the server builds each reason from the figures; an empty list says so. */
export function ChooseLists({ h }: { h: HeadToHeadResponse }) {
  const sides = [
    { side: 'a' as const, label: h.a.row.label, clauses: h.choose.a },
    { side: 'b' as const, label: h.b.row.label, clauses: h.choose.b },
  ];
  return (
    <section class="card card-wide choose" aria-labelledby="choose-title" data-testid="choose">
      <h2 id="choose-title" class="visually-hidden">
        When to choose which
      </h2>
      <div class="choose-grid">
        {sides.map((s) => (
          <div key={s.side} data-side={s.side} data-testid={`choose-${s.side}`}>
            <h3>
              <span class={`side-badge side-badge-${s.side}`}>{s.side.toUpperCase()}</span> Choose {s.label} if…
            </h3>
            {s.clauses.length > 0 ? (
              <ul>
                {s.clauses.map((c) => (
                  <li key={c.key} data-clause={c.key}>
                    {c.text}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty">Nothing in this arena&apos;s data or the catalog favours it yet.</p>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
