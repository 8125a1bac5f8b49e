import type { SortKey, SortState } from '../../lib/leaderboard-rows.ts';

interface Props {
  sortKey: SortKey;
  label: string;
  title?: string;
  numeric?: boolean;
  sort: SortState;
  onSort: (key: SortKey) => void;
  class?: string | undefined;
}

/** A column header that sorts on click, Enter or Space (it is a button) and tells assistive tech how (aria-sort). */
export function SortHeader({ sortKey, label, title, numeric, sort, onSort, class: extra }: Props) {
  const active = sort.key === sortKey;
  const ariaSort = active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined;
  return (
    <th scope="col" class={[numeric ? 'num' : '', extra ?? ''].join(' ').trim() || undefined} aria-sort={ariaSort} data-sort-key={sortKey}>
      <button
        type="button"
        class={active ? 'sort-btn sort-on' : 'sort-btn'}
        title={title ?? `Sort by ${label.toLowerCase()}`}
        onClick={() => onSort(sortKey)}
      >
        {label}
        {/* Only the sorted column shows an arrow: fourteen arrows would cost the table a column's width. */}
        {active ? (
          <span class="sort-ind" aria-hidden="true">
            {sort.dir === 'asc' ? '▲' : '▼'}
          </span>
        ) : null}
      </button>
    </th>
  );
}
