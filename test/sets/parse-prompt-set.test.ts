import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../server/sets/parse-csv.ts';
import { parsePromptSet } from '../../server/sets/parse-prompt-set.ts';
import { pairResults, wilson } from '../../server/sets/set-results.ts';
import type { SetVote } from '../../db/set-store.ts';

describe('parsePromptSet', () => {
  it('reads JSONL items with their optional fields, skipping blank lines', () => {
    const r = parsePromptSet('jsonl', '{"prompt":"a"}\n\n{"prompt":"b","system":"s","tags":["x"],"notes":"n"}\r\n');
    expect(r).toEqual({
      ok: true,
      items: [
        { prompt: 'a', tags: [] },
        { prompt: 'b', system: 's', tags: ['x'], notes: 'n' },
      ],
    });
  });

  it('refuses the whole file with each bad line named', () => {
    const r = parsePromptSet('jsonl', '{"prompt":"fine"}\n{"prompt":""}\n{"prompt":"x","colour":"red"}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(2);
    expect(r.errors[0]).toMatch(/^line 2: .*empty prompt/);
    expect(r.errors[1]).toMatch(/^line 3: /);
    expect(parsePromptSet('jsonl', '{"prompt":')).toEqual({ ok: false, errors: ['line 1: not a JSON object'] });
    expect(parsePromptSet('jsonl', '\n\n')).toEqual({ ok: false, errors: ['the file holds no prompts'] });
  });

  it('reads CSV with quotes, doubled quotes, line breaks in fields and tags split on ; or |', () => {
    const csv = '\uFEFFPrompt,tags,notes\r\n"Line one\nline two, still one field","a; b|c",\r\n"He said ""hi""",,note\r\n';
    expect(parsePromptSet('csv', csv)).toEqual({
      ok: true,
      items: [
        { prompt: 'Line one\nline two, still one field', tags: ['a', 'b', 'c'] },
        { prompt: 'He said "hi"', tags: [], notes: 'note' },
      ],
    });
    expect(parseCsv('a,"b\nc')).toEqual({ error: 'line 1: a quoted field is never closed' });
    expect(parsePromptSet('csv', 'notes\nx')).toEqual({ ok: false, errors: ['line 1: the header has no "prompt" column'] });
    const extra = parsePromptSet('csv', 'prompt\nhi,surplus');
    expect(extra.ok).toBe(false);
  });
});

describe('set results', () => {
  it('gives the Wilson 95% interval (known values) and none without votes', () => {
    const ci = wilson(8, 10)!;
    expect(ci.lower).toBeCloseTo(0.4902, 3);
    expect(ci.upper).toBeCloseTo(0.9433, 3);
    expect(wilson(0, 5)!.lower).toBe(0);
    expect(wilson(0, 0)).toBeNull();
  });

  it('counts a pair the same whichever side each model was on, ties as half, voided votes not at all', () => {
    const v = (modelA: string, modelB: string, choice: SetVote['choice'], over: Partial<SetVote> = {}): SetVote => ({
      battleId: `${modelA}${modelB}${choice}`,
      runId: 'r',
      idx: 0,
      modelA,
      modelB,
      choice,
      reviewer: 'ada',
      createdAt: 0,
      countsForRatings: true,
      voided: false,
      ...over,
    });
    const [pair] = pairResults([
      v('y', 'x', 'b'),
      v('x', 'y', 'a'),
      v('x', 'y', 'tie'),
      v('y', 'x', 'a'),
      v('x', 'y', 'b', { voided: true }),
    ]);
    expect(pair).toMatchObject({ modelA: 'x', modelB: 'y', votes: 4, winsA: 2, winsB: 1, ties: 1, winRateA: 0.625 });
  });
});
