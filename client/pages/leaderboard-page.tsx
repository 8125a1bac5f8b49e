import { useSignal } from '@preact/signals';
import type { LeaderboardResponse, RatingsMode } from '../../shared/api.ts';
import { LeaderboardCharts } from '../components/leaderboard/leaderboard-charts.tsx';
import { LeaderboardFilters } from '../components/leaderboard/leaderboard-filters.tsx';
import { LeaderboardTable } from '../components/leaderboard/leaderboard-table.tsx';
import { BoardViewPicker } from '../components/leaderboard/board-view-picker.tsx';
import { ControlPanel } from '../components/leaderboard/control-panel.tsx';
import { lazyPart } from '../components/lazy-part.tsx';
import { fetchCategories, fetchCategoryBoard, type BoardView } from '../lib/category-api.ts';
import type { CategoryLeaderboardResponse } from '../../shared/category-api.ts';
import { ColumnChooser } from '../components/leaderboard/column-chooser.tsx';
import { ComparePicker } from '../components/leaderboard/compare-picker.tsx';
import { LeaderboardLegend } from '../components/leaderboard/leaderboard-legend.tsx';
import { DEFAULT_COLUMNS } from '../components/leaderboard/leaderboard-table.tsx';
import { ModeSwitch } from '../components/mode-switch.tsx';
import { StaleNote } from '../components/stale-note.tsx';
import { fetchLeaderboard } from '../lib/api.ts';
import { formatCount } from '../lib/format.ts';
import {
  compareDefault,
  compareTargetOf,
  DEFAULT_SORT,
  filterRows,
  nextSort,
  NO_FILTER,
  organisationsOf,
  providersOf,
  sortRows,
  type RowFilter,
  type SortKey,
  type SortState,
} from '../lib/leaderboard-rows.ts';
import { leaderboardHash, modeOf, ROUTE_HASH } from '../lib/router.ts';
import { useApiData } from '../lib/use-api-data.ts';

/** The speed and cost charts load when the board first shows them. */
const SpeedCharts = lazyPart<Record<string, never>>(() => import('../components/leaderboard/speed-charts.tsx'), 'speed charts');
/** So does the board by meaning. */
const MeaningBoard = lazyPart<{ mode: RatingsMode }>(() => import('../components/leaderboard/meaning-board.tsx'), 'board by meaning');

const NO_VIEW: BoardView = { category: null, control: null };

const MODE_NOTE: Record<RatingsMode, string> = {
  blind: 'Blind votes only: the person did not know which model was which.',
  named: 'Named votes only: the person picked both models and saw their names, so brand may sway these.',
  all: 'Blind and named votes together.',
};

/** What the ratings are measured against, in words (ratings are written without separators, so the value is too). */
function anchorText({ anchor, rows }: LeaderboardResponse): string {
  const value = Math.round(anchor.value);
  const label = (id: string) => rows.find((r) => r.modelId === id)?.label ?? id;
  if (anchor.model !== null) return `relative to ${label(anchor.model)}, pinned at ${value}`;
  const established = rows.some((r) => !r.provisional);
  if (anchor.models.length === 1) {
    return `relative to ${label(anchor.models[0]!)} (the ${established ? 'one established' : 'best-connected'} model so far), set at ${value}`;
  }
  return `relative to the mean of the ${anchor.models.length} ${established ? 'established' : 'best-connected'} models, set at ${value}`;
}

function Summary({ data }: { data: LeaderboardResponse }) {
  const intervals =
    data.rounds > 0
      ? `95% intervals from ${formatCount(data.rounds)} bootstrap rounds for established models and from the profile likelihood for the rest`
      : '95% intervals from the profile likelihood';
  return (
    <p class="hint lb-summary">
      {formatCount(data.totalVotes)} counted vote{data.totalVotes === 1 ? '' : 's'}. {MODE_NOTE[data.mode]} Ratings are Bradley–Terry,{' '}
      {anchorText(data)}, with {intervals}. A model with fewer than {formatCount(data.provisionalVotes)} counted votes is provisional:
      listed after the others, with no rank. An interval with an open end (≥ or ≤) belongs to a model that never lost or never won. Speed
      and cost are medians over this arena&apos;s finished answers.
    </p>
  );
}

/** The board: every model with its rating, catalog facts and what this arena measured; filters, sorting and charts. */
export default function LeaderboardPage({ hash }: { hash: string }) {
  const mode = modeOf(hash);
  const view = useSignal<BoardView>(NO_VIEW);
  // The speed and cost charts (and their code) load when first opened.
  const speedOpen = useSignal(false);
  const meaningOpen = useSignal(false);
  const v = view.value;
  const plainBoard = v.category === null && v.control === null;
  const { data, error } = useApiData<LeaderboardResponse | CategoryLeaderboardResponse>(
    `${mode} ${v.category ?? ''} ${v.control ?? ''}`,
    (signal) => (plainBoard ? fetchLeaderboard(mode, signal) : fetchCategoryBoard(mode, v, signal)),
    (d) => d.stale,
  );
  const categories = useApiData(mode, (signal) => fetchCategories(mode, signal));
  const sort = useSignal<SortState>(DEFAULT_SORT);
  const filter = useSignal<RowFilter>(NO_FILTER);
  const columns = useSignal<ReadonlySet<SortKey>>(DEFAULT_COLUMNS);

  const d = data.value;
  const all = d?.rows ?? [];
  const ranked = [...all].sort(compareDefault);
  const shown = sortRows(filterRows(all, filter.value), sort.value);
  const filtered = all.length - filterRows(all, filter.value).length;

  return (
    <main class="page" id="main" tabIndex={-1}>
      <div class="page-head">
        <h1>Leaderboard</h1>
        {d ? <StaleNote stale={d.stale} computedAt={d.computedAt} /> : null}
      </div>
      <ModeSwitch name="lb-mode" value={mode} onChange={(m) => (location.hash = leaderboardHash(m))} />
      <BoardViewPicker mode={mode} view={v} categories={categories.data.value?.categories ?? []} onChange={(next) => (view.value = next)} />
      {categories.data.value?.reclassifying ? (
        <p class="hint" role="status">
          Sorting stored battles into categories: {formatCount(categories.data.value.reclassifying.done)} done so far.
        </p>
      ) : null}
      {error.value ? (
        <p class="notice" role="alert">
          Could not load the leaderboard: {error.value}
        </p>
      ) : null}
      {!d && !error.value ? (
        <p class="hint" role="status">
          Loading…
        </p>
      ) : null}
      {d ? <Summary data={d} /> : null}
      {d && 'control' in d && d.control ? <ControlPanel control={d.control} rows={d.rows} /> : null}
      {d && 'controlFit' in d && d.controlFit?.state === 'fitting' ? (
        <p class="hint" role="status" data-testid="lb-control-fitting">
          Fitting the {v.control}-controlled board (in the background, over every counted vote): it appears here in a few seconds.
        </p>
      ) : null}
      {d && all.length === 0 ? (
        <p class="empty" data-testid="lb-empty">
          No counted votes yet for this board. <a href={ROUTE_HASH.arena}>Battle in the arena</a> and vote: a vote counts once both answers
          have finished.
        </p>
      ) : null}
      {all.length > 0 ? (
        <>
          <div class="lb-controls">
            <LeaderboardFilters
              providers={providersOf(all)}
              organisations={organisationsOf(all)}
              filter={filter.value}
              onChange={(f) => (filter.value = f)}
            />
            <ComparePicker options={ranked.map((r) => ({ id: r.modelId, label: r.label, organisation: r.organisation }))} mode={mode} />
          </div>
          {shown.length === 0 ? (
            <p class="empty">
              No model matches the filters.{' '}
              <button type="button" class="btn btn-small" onClick={() => (filter.value = NO_FILTER)}>
                Clear filters
              </button>
            </p>
          ) : (
            <>
              <div class="lb-table-tools">
                <LeaderboardLegend provisionalVotes={d?.provisionalVotes ?? 0} />
                <ColumnChooser columns={columns.value} onChange={(c) => (columns.value = c)} />
              </div>
              <LeaderboardTable
                rows={shown}
                columns={columns.value}
                provisionalVotes={d?.provisionalVotes ?? 0}
                sort={sort.value}
                onSort={(k) => (sort.value = nextSort(sort.value, k))}
                mode={mode}
                compareWith={(id) => compareTargetOf(id, ranked)}
              />
            </>
          )}
          {filtered > 0 && shown.length > 0 ? (
            <p class="hint">
              {filtered} model{filtered > 1 ? 's' : ''} hidden by the filters.
            </p>
          ) : null}
          {d ? <LeaderboardCharts rows={shown} pairwise={d.pairwise} /> : null}
        </>
      ) : null}
      <details class="lb-speed" data-testid="meaning-details" onToggle={(e) => (meaningOpen.value = e.currentTarget.open)}>
        <summary>
          <h2 class="lb-speed-title">Board by meaning</h2>
        </summary>
        <p class="hint">Type a topic and see the ratings for prompts like it: votes weighted by how similar their prompts are.</p>
        {meaningOpen.value ? <MeaningBoard mode={mode} /> : null}
      </details>
      <details class="lb-speed" data-testid="speed-details" onToggle={(e) => (speedOpen.value = e.currentTarget.open)}>
        <summary>
          <h2 class="lb-speed-title">Speed and cost charts</h2>
        </summary>
        {speedOpen.value ? <SpeedCharts /> : null}
      </details>
    </main>
  );
}
