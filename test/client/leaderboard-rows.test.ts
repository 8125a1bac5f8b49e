import { describe, expect, it } from 'vitest';
import {
  compareTargetOf,
  DEFAULT_SORT,
  filterRows,
  nextSort,
  organisationsOf,
  providersOf,
  sortRows,
} from '../../client/lib/leaderboard-rows.ts';
import { row } from './fixtures.ts';

const rows = [
  row('alpha', { rating: 1100, rankUB: 1, blendedPerMTok: 1.25, openWeights: true, provider: 'openai' }),
  row('beta', { rating: 900, rankUB: 3, blendedPerMTok: 6, openWeights: false, provider: 'openai', license: 'Proprietary' }),
  row('delta', { rating: 1000, rankUB: 1, blendedPerMTok: 0.75, openWeights: false, provider: 'anthropic', license: 'Proprietary' }),
  row('tiny', { rating: 950, rankUB: 2, blendedPerMTok: 0, provider: 'local' }),
  // Imported: no catalog facts, no counted votes in this mode.
  row('ghost', {
    rating: null,
    ciLower: null,
    ciUpper: null,
    ciMethod: null,
    provisional: true,
    rankUB: null,
    votes: 0,
    winRate: null,
    blendedPerMTok: null,
    provider: null,
    openWeights: null,
  }),
];
const ids = (rs: { modelId: string }[]) => rs.map((r) => r.modelId);

describe('sorting leaderboard rows', () => {
  it('defaults to rank, then rating; unrated rows last', () => {
    expect(ids(sortRows(rows, DEFAULT_SORT))).toEqual(['alpha', 'delta', 'tiny', 'beta', 'ghost']);
  });

  it('sorts by price both ways with unknown prices last either way (free is the cheapest, not unknown)', () => {
    expect(ids(sortRows(rows, { key: 'blended', dir: 'asc' }))).toEqual(['tiny', 'delta', 'alpha', 'beta', 'ghost']);
    expect(ids(sortRows(rows, { key: 'blended', dir: 'desc' }))).toEqual(['beta', 'alpha', 'delta', 'tiny', 'ghost']);
  });

  it('sorts text columns by name and licenses with open weights first', () => {
    // ghost has no counted votes (provisional), so it stays after the others.
    expect(ids(sortRows(rows, { key: 'model', dir: 'desc' }))).toEqual(['tiny', 'delta', 'beta', 'alpha', 'ghost']);
    expect(ids(sortRows(rows, { key: 'license', dir: 'asc' })).slice(0, 2)).toEqual(['alpha', 'tiny']);
  });

  it('breaks ties by the default order, so equal values keep a stable, meaningful order', () => {
    const same = rows.map((r) => ({ ...r, contextWindow: 8192 }));
    expect(ids(sortRows(same, { key: 'context', dir: 'desc' }))).toEqual(ids(sortRows(rows, DEFAULT_SORT)));
  });

  it('a click on the sorted column flips it; another column starts best first', () => {
    expect(nextSort(DEFAULT_SORT, 'rank')).toEqual({ key: 'rank', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'rating')).toEqual({ key: 'rating', dir: 'desc' });
    expect(nextSort(DEFAULT_SORT, 'blended')).toEqual({ key: 'blended', dir: 'asc' });
    expect(nextSort({ key: 'tps', dir: 'desc' }, 'tps')).toEqual({ key: 'tps', dir: 'asc' });
  });
});

describe('provisional models', () => {
  const board = [
    row('alpha', { rating: 1100, rankUB: 1, blendedPerMTok: 3 }),
    row('beta', { rating: 1000, rankUB: 2, blendedPerMTok: 2 }),
    // Two ties against each other: provisional, not placed, but cheap.
    row('toy', { rating: null, ciLower: null, ciUpper: null, rankUB: null, provisional: true, votes: 2, blendedPerMTok: 0 }),
    // Unbeaten in 40 votes: at least 1535, no upper bound.
    row('champ', { rating: null, ciLower: 1535, ciUpper: null, rankUB: null, provisional: true, votes: 40, blendedPerMTok: 1 }),
    // Never won in 6 votes.
    row('dud', { rating: null, ciLower: null, ciUpper: 880, rankUB: null, provisional: true, votes: 6, blendedPerMTok: 0.5 }),
    row('mid', { rating: 1050, ciLower: 900, ciUpper: 1200, rankUB: null, provisional: true, votes: 12, blendedPerMTok: 4 }),
  ];

  it('lists them after the established models, by rating: never lost first, never won last, unplaced after', () => {
    expect(ids(sortRows(board, DEFAULT_SORT))).toEqual(['alpha', 'beta', 'champ', 'mid', 'dud', 'toy']);
  });

  it('keeps them after the established models whatever the column', () => {
    expect(ids(sortRows(board, { key: 'blended', dir: 'asc' }))).toEqual(['beta', 'alpha', 'toy', 'dud', 'champ', 'mid']);
    expect(ids(sortRows(board, { key: 'rating', dir: 'asc' }))).toEqual(['beta', 'alpha', 'dud', 'mid', 'champ', 'toy']);
    expect(ids(sortRows(board, { key: 'rank', dir: 'desc' })).slice(0, 2)).toEqual(['beta', 'alpha']);
  });
});

describe('filtering leaderboard rows', () => {
  it('open weights only drops closed and unknown models', () => {
    expect(ids(filterRows(rows, { openWeightsOnly: true, hiddenProviders: new Set() }))).toEqual(['alpha', 'tiny']);
  });

  it('names providers by the serving endpoint, not the adapter kind; filters by organisation too', () => {
    const served = [
      row('gemini', { provider: 'openai', providerLabel: 'Google Gemini', organisation: 'Google' }),
      row('llama', { provider: 'openai', providerLabel: 'Ollama', organisation: 'Meta' }),
      row('gpt', { provider: 'openai', providerLabel: 'OpenAI', organisation: 'OpenAI' }),
    ];
    expect(providersOf(served)).toEqual(['Google Gemini', 'Ollama', 'OpenAI']);
    // Unticking OpenAI no longer hides Gemini or a Llama on Ollama.
    expect(ids(filterRows(served, { openWeightsOnly: false, hiddenProviders: new Set(['OpenAI']) }))).toEqual(['gemini', 'llama']);
    expect(organisationsOf(served)).toEqual(['Google', 'Meta', 'OpenAI']);
    expect(ids(filterRows(served, { openWeightsOnly: false, hiddenProviders: new Set(), hiddenOrganisations: new Set(['Meta']) }))).toEqual(
      ['gemini', 'gpt'],
    );
  });

  it('lists providers (unknown for imported rows) and hides unticked ones', () => {
    expect(providersOf(rows)).toEqual(['anthropic', 'local', 'openai', 'unknown']);
    expect(ids(filterRows(rows, { openWeightsOnly: false, hiddenProviders: new Set(['openai', 'unknown']) }))).toEqual(['delta', 'tiny']);
  });

  it('compares a model with the top-ranked other model', () => {
    const ranked = sortRows(rows, DEFAULT_SORT);
    expect(compareTargetOf('beta', ranked)?.modelId).toBe('alpha');
    expect(compareTargetOf('alpha', ranked)?.modelId).toBe('delta');
    expect(compareTargetOf('alpha', [rows[0]!])).toBeNull();
  });
});
