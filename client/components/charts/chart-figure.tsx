import type { ComponentChildren } from 'preact';
import { useWidth } from './use-width.ts';

interface Props {
  /** Omitted when the chart sits under a heading of its own. */
  title?: string;
  /** What the chart shows and how to read it, under the title. */
  note?: ComponentChildren;
  testId: string;
  children: (width: number) => ComponentChildren;
}

/** A titled chart card; the chart draws at the card's measured width. */
export function ChartFigure({ title, note, testId, children }: Props) {
  const [ref, width] = useWidth<HTMLDivElement>();
  return (
    <figure class={`chart-card fig-${testId}`} data-testid={testId}>
      {title ? (
        <figcaption>
          <h2 class="chart-title">{title}</h2>
          {note ? <p class="hint">{note}</p> : null}
        </figcaption>
      ) : null}
      <div class="chart-body" ref={ref}>
        {children(width)}
      </div>
    </figure>
  );
}
