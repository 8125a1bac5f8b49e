/**
 * RFC 4180 CSV into rows of fields: quoted fields may hold commas, quotes
 * (doubled) and line breaks; CRLF or LF ends a record; a BOM is dropped.
 * Errors are values: an unterminated quote says on which line it opened.
 */
export function parseCsv(text: string): { rows: string[][] } | { error: string } {
  const src = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let quoteLine = 0;
  let i = 0;
  const endRow = () => {
    row.push(field);
    // A blank line is no record.
    if (!(row.length === 1 && row[0] === '')) rows.push(row);
    row = [];
    field = '';
  };
  while (i < src.length) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRow();
      line++;
    } else field += ch;
    i++;
  }
  if (quoted) return { error: `line ${quoteLine}: a quoted field is never closed` };
  if (field !== '' || row.length > 0) endRow();
  return { rows };
}
