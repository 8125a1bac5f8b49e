import { scrubSecrets } from './providers/scrub-secrets.ts';
import { SecretRedactor } from './providers/secret-redactor.ts';
import { terminalSafe } from './terminal-safe.ts';

export type LogLevel = 'silent' | 'error' | 'info' | 'debug';
const RANK: Record<LogLevel, number> = { silent: 0, error: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string, detail?: unknown): void;
  info(msg: string, detail?: unknown): void;
  debug(msg: string, detail?: unknown): void;
}

/**
 * A console logger that, whatever the caller passed in, redacts every
 * configured secret (in all its encodings) and the shapes of credentials,
 * and neutralises terminal control characters: provider text reaches the log
 * and must neither leak a key nor drive the operator's terminal.
 */
export function createLogger(level: LogLevel, secrets: string[] = [], sink: (line: string) => void = (l) => console.error(l)): Logger {
  const known = new SecretRedactor(secrets);
  const write = (at: LogLevel, msg: string, detail?: unknown) => {
    if (RANK[at] > RANK[level]) return;
    const extra =
      detail === undefined
        ? ''
        : ` ${detail instanceof Error ? (detail.stack ?? detail.message) : typeof detail === 'string' ? detail : JSON.stringify(detail)}`;
    sink(terminalSafe(scrubSecrets(known.redact(`[versus] ${at}: ${msg}${extra}`))));
  };
  return {
    error: (m, d) => write('error', m, d),
    info: (m, d) => write('info', m, d),
    debug: (m, d) => write('debug', m, d),
  };
}
