import type { HeadToHeadResponse } from '../../../shared/api.ts';
import { compareSnapshotHtml } from '../../lib/compare-snapshot-html.ts';

const fileSafe = (s: string) => s.replace(/[^a-z0-9._-]+/gi, '-').slice(0, 60);

function download(h: HeadToHeadResponse) {
  const html = compareSnapshotHtml(h, { generatedAt: Date.now(), pageUrl: location.href });
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `versus-${fileSafe(h.a.row.modelId)}-vs-${fileSafe(h.b.row.modelId)}.html`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Print (the page has print styles) or save a self-contained HTML snapshot with the data and its date. */
export function ExportBar({ h }: { h: HeadToHeadResponse }) {
  return (
    <div class="export-bar" data-testid="export-bar">
      <button type="button" class="btn btn-small" onClick={() => window.print()}>
        Print
      </button>
      <button type="button" class="btn btn-small" onClick={() => download(h)}>
        Download snapshot (HTML)
      </button>
    </div>
  );
}
