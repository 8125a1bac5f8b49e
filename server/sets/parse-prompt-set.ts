import { formatZodError } from '../config/format-zod-error.ts';
import { PromptSetItem, SET_LIMITS, type SetFormat } from '../../shared/prompt-set.ts';
import { parseCsv } from './parse-csv.ts';

export type ParsedSet = { ok: true; items: PromptSetItem[] } | { ok: false; errors: string[] };

/** At most this many problems are listed: a file that is wrong throughout says so in a screenful. */
const MAX_ERRORS = 20;

/**
 * A prompt set from JSONL (one object per line: prompt, system?, tags?,
 * notes?) or CSV (a header naming those columns; tags separated by `;` or
 * `|`). Every item is checked by the shared schema; a file with any bad item
 * is refused whole, with the line of each problem, so a set is never
 * imported with prompts silently missing.
 */
export function parsePromptSet(format: SetFormat, content: string): ParsedSet {
  const raw = format === 'jsonl' ? fromJsonl(content) : fromCsv(content);
  if ('error' in raw) return { ok: false, errors: [raw.error] };
  const items: PromptSetItem[] = [];
  const errors: string[] = [];
  for (const { line, value } of raw.rows) {
    const parsed = PromptSetItem.safeParse(value);
    if (parsed.success) items.push(parsed.data);
    else if (errors.length < MAX_ERRORS) errors.push(`line ${line}: ${formatZodError(parsed.error).replace(/\n/g, '; ')}`);
  }
  if (errors.length === 0 && items.length === 0) errors.push('the file holds no prompts');
  if (items.length > SET_LIMITS.items) errors.push(`${items.length} prompts: a set holds at most ${SET_LIMITS.items}`);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, items };
}

type RawRows = { rows: { line: number; value: unknown }[] } | { error: string };

function fromJsonl(content: string): RawRows {
  const rows: { line: number; value: unknown }[] = [];
  const lines = content.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!.trim();
    if (text === '') continue;
    try {
      rows.push({ line: i + 1, value: JSON.parse(text) });
    } catch {
      return { error: `line ${i + 1}: not a JSON object` };
    }
  }
  return { rows };
}

const COLUMNS = ['prompt', 'system', 'tags', 'notes'] as const;

function fromCsv(content: string): RawRows {
  const parsed = parseCsv(content);
  if ('error' in parsed) return parsed;
  const [header, ...records] = parsed.rows;
  if (!header) return { rows: [] };
  const names = header.map((h) => h.trim().toLowerCase());
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (unknown.length > 0)
    return { error: `line 1: unknown column ${unknown.map((u) => `"${u}"`).join(', ')} (columns: ${COLUMNS.join(', ')})` };
  if (!names.includes('prompt')) return { error: 'line 1: the header has no "prompt" column' };
  // Line numbers of records are approximate when a quoted field spans lines; the record number is exact.
  return {
    rows: records.map((fields, i) => {
      const value: Record<string, unknown> = {};
      names.forEach((name, col) => {
        const cell = fields[col] ?? '';
        if (name === 'prompt') value.prompt = cell;
        else if (cell.trim() === '') return;
        else if (name === 'tags')
          value.tags = cell
            .split(/[;|]/)
            .map((t) => t.trim())
            .filter(Boolean);
        else value[name] = cell;
      });
      if (fields.length > names.length) value.extra = fields.slice(names.length);
      return { line: i + 2, value };
    }),
  };
}
