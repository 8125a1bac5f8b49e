export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string, detail?: unknown): void;
  info(msg: string, detail?: unknown): void;
  debug(msg: string, detail?: unknown): void;
}

/**
 * A console logger that replaces every configured secret value (API keys) with
 * [redacted] before anything is written, whatever the caller passed in.
 */
export function createLogger(level: LogLevel, secrets: string[] = [], sink: (line: string) => void = (l) => console.error(l)): Logger {
  const values = secrets.filter((s) => s.length >= 8);
  const redact = (s: string) => values.reduce((acc, v) => acc.split(v).join('[redacted]'), s);
  const write = (at: LogLevel, msg: string, detail?: unknown) => {
    if (RANK[at] > RANK[level]) return;
    const extra =
      detail === undefined ? '' : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    sink(redact(`[versus] ${at}: ${msg}${extra}`));
  };
  return {
    error: (m, d) => write('error', m, d),
    info: (m, d) => write('info', m, d),
    debug: (m, d) => write('debug', m, d),
  };
}
