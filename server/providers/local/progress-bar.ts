import type { DownloadProgress } from './download-model.ts';

export interface ProgressBar {
  update(p: DownloadProgress): void;
  /** Ends the bar's line (TTY) so later output starts clean. */
  done(): void;
}

export interface ProgressStream {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

function mb(n: number): string {
  return `${(n / 1e6).toFixed(1)} MB`;
}

/**
 * A download bar for the console. On a terminal it redraws one line at most
 * ten times a second; into a log file or CI output it writes a line per
 * quarter instead of thousands of carriage returns.
 */
export function createProgressBar(stream: ProgressStream, label: string): ProgressBar {
  let lastDraw = 0;
  let lastQuarter = -1;
  let drawn = false;
  const draw = ({ receivedBytes, totalBytes }: DownloadProgress, force = false) => {
    if (stream.isTTY) {
      const now = Date.now();
      if (!force && now - lastDraw < 100) return;
      lastDraw = now;
      const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 30));
      if (totalBytes) {
        const f = Math.min(1, receivedBytes / totalBytes);
        const full = Math.round(f * width);
        stream.write(
          `\r${label} [${'#'.repeat(full)}${'.'.repeat(width - full)}] ${String(Math.floor(f * 100)).padStart(3)}% ${mb(receivedBytes)} / ${mb(totalBytes)}`,
        );
      } else {
        stream.write(`\r${label} ${mb(receivedBytes)}`);
      }
      drawn = true;
      return;
    }
    if (!totalBytes) return;
    const quarter = Math.floor((receivedBytes / totalBytes) * 4);
    if (quarter > lastQuarter && quarter > 0) {
      lastQuarter = quarter;
      stream.write(`${label}: ${quarter * 25}% (${mb(receivedBytes)} / ${mb(totalBytes)})\n`);
    }
  };
  let last: DownloadProgress | null = null;
  return {
    update(p) {
      last = p;
      draw(p);
    },
    done() {
      if (stream.isTTY && drawn) {
        if (last) draw(last, true);
        stream.write('\n');
      }
    },
  };
}
