export interface Closable {
  /** Stop accepting, end running answers (stored as stopped), close the database. */
  close(): Promise<void>;
}

export interface GracefulShutdownOptions {
  say: (line: string) => void;
  /** Exit with 1 if closing takes longer than this. Default 10 s. */
  forceAfterMs?: number;
  signals?: NodeJS.Signals[];
  /** For tests; default process.exit. */
  exit?: (code: number) => void;
  /** For tests; default process. */
  target?: Pick<NodeJS.Process, 'on' | 'off'>;
}

/**
 * On SIGTERM or SIGINT: stop accepting connections, end running streams
 * cleanly (each side is stored as cancelled with its partial text), close the
 * database (checkpointing the WAL), exit 0. A second signal, or a close that
 * hangs past `forceAfterMs`, exits 1 at once.
 *
 * Returns a function that removes the handlers.
 */
export function installGracefulShutdown(server: Closable, opts: GracefulShutdownOptions): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const target = opts.target ?? process;
  const signals = opts.signals ?? ['SIGTERM', 'SIGINT'];
  let stopping = false;

  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      opts.say(`${signal} again: exiting now.`);
      exit(1);
      return;
    }
    stopping = true;
    opts.say(`${signal}: finishing running answers and closing the database…`);
    const force = setTimeout(() => {
      opts.say(`Could not close within ${opts.forceAfterMs ?? 10_000} ms; exiting.`);
      exit(1);
    }, opts.forceAfterMs ?? 10_000);
    force.unref();
    server.close().then(
      () => {
        clearTimeout(force);
        opts.say('Stopped cleanly.');
        exit(0);
      },
      (e: unknown) => {
        clearTimeout(force);
        opts.say(`Could not stop cleanly: ${e instanceof Error ? e.message : String(e)}`);
        exit(1);
      },
    );
  };
  for (const s of signals) target.on(s, onSignal);
  return () => {
    for (const s of signals) target.off(s, onSignal);
  };
}
