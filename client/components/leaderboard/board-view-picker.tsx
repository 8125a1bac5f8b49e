import type { RatingsMode } from '../../../shared/api.ts';
import type { CategoryCount, ControlKind } from '../../../shared/category-api.ts';
import { boardQuery, type BoardView } from '../../lib/category-api.ts';
import { formatCount } from '../../lib/format.ts';

const CATEGORY_NAMES: Record<string, string> = {
  coding: 'Coding',
  math: 'Math',
  'creative-writing': 'Creative writing',
  'long-prompt': 'Long prompt',
  'multi-turn': 'Multi-turn',
};

function categoryName(c: CategoryCount): string {
  if (c.kind === 'category') return CATEGORY_NAMES[c.value] ?? c.value;
  return c.kind === 'language' ? `Language: ${c.value}` : `#${c.value}`;
}

const CONTROLS: { value: ControlKind | null; label: string }[] = [
  { value: null, label: 'None' },
  { value: 'style', label: 'Style' },
  { value: 'speed', label: 'Speed' },
];

/** The category selector (with each one's vote count), the style / speed control toggle and the CSV download. */
export function BoardViewPicker({
  mode,
  view,
  categories,
  onChange,
}: {
  mode: RatingsMode;
  view: BoardView;
  categories: readonly CategoryCount[];
  onChange: (v: BoardView) => void;
}) {
  return (
    <div class="lb-view" data-testid="lb-view">
      <label class="lb-category">
        Category{' '}
        <select
          data-testid="lb-category"
          value={view.category ?? ''}
          onChange={(e) => onChange({ ...view, category: e.currentTarget.value || null })}
        >
          <option value="">All prompts</option>
          {categories.map((c) => (
            <option key={c.key} value={c.key}>
              {categoryName(c)} ({formatCount(c.votes)} vote{c.votes === 1 ? '' : 's'})
            </option>
          ))}
        </select>
      </label>
      <fieldset class="lb-control" data-testid="lb-control">
        <legend>Control for</legend>
        {CONTROLS.map((c) => (
          <label key={c.label}>
            <input
              type="radio"
              name="lb-control"
              value={c.value ?? ''}
              checked={view.control === c.value}
              onChange={() => onChange({ ...view, control: c.value })}
            />{' '}
            {c.label}
          </label>
        ))}
      </fieldset>
      <a class="btn btn-small" data-testid="lb-csv" href={`/api/leaderboard.csv?${boardQuery(mode, view)}`} download>
        Download CSV
      </a>
    </div>
  );
}
