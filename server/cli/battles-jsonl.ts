import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { BattleStore } from '../../db/battle-store.ts';
import { openStore } from '../../db/open-store.ts';
import { loadConfig } from '../config/load-config.ts';
import { exportCleanBattles, importCleanBattles } from '../exchange/clean-battle-jsonl.ts';

const CLI_IMPORT_BATCH = 20_000;

const USAGE = `usage:
  npm run battles -- export [file.jsonl] [--mode blind|named|all]   (stdout without a file)
  npm run battles -- import file.jsonl`;

/** Export and import of battles in LMArena's clean-battle JSON Lines, against the configured database (SQLite or PostgreSQL). */
async function main(argv: string[]): Promise<number> {
  // A bulk connection (SQLite: a larger page cache and fewer checkpoints) for an import; export reads as the server does.
  const storage = await openStore(loadConfig(), {}, { bulk: argv[0] === 'import' });
  try {
    return await run(argv, storage.battles);
  } finally {
    await storage.close();
  }
}

async function run(argv: string[], store: BattleStore): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'export') {
    const modeAt = rest.indexOf('--mode');
    const mode = modeAt >= 0 ? rest[modeAt + 1] : 'all';
    if (mode !== 'blind' && mode !== 'named' && mode !== 'all') throw new Error(USAGE);
    // The file is the argument that is neither an option nor --mode's value (without --mode, any argument).
    const file = rest.find((a, i) => !a.startsWith('--') && (modeAt < 0 || i !== modeAt + 1));
    const out: NodeJS.WritableStream = file ? createWriteStream(file) : process.stdout;
    let n = 0;
    for await (const line of exportCleanBattles(store, { mode })) {
      if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
      n++;
    }
    if (file) await new Promise<void>((r) => out.end(() => r()));
    console.error(`exported ${n} battles${file ? ` to ${file}` : ''}`);
    return 0;
  }
  if (command === 'import' && rest[0]) {
    // Line by line as the file is read: memory holds a few batches, not the file. Larger batches than over HTTP (nothing
    // else waits on this process): fewer commits, and each rewrites fewer index pages per battle. Two batches are
    // written at once: PostgreSQL's work on one batch took a core while the other sat idle (1M battles 130-158 s → 76 s).
    // Into an empty database, its indexes are built at the end (BattleStore.bulkImport). The file is opened once that
    // has begun: readline emits lines from the first read, and those before the import's loop asks for them are lost
    // (PostgreSQL's bulkImport awaits its deferral first: a small file was read whole, and the import waited forever).
    const file = rest[0];
    const report = await store.bulkImport(() =>
      importCleanBattles(createInterface({ input: createReadStream(file), crlfDelay: Infinity }), store, {
        batchSize: CLI_IMPORT_BATCH,
        inFlight: 2,
      }),
    );
    // A server started on these tables next plans its queries from the statistics: bring them up to date now.
    if (report.imported > 0) await store.refreshPlannerStatistics();
    console.error(`imported ${report.imported}, already present ${report.duplicates}, invalid ${report.invalid.length}`);
    for (const bad of report.invalid.slice(0, 20)) console.error(`  line ${bad.line}: ${bad.message}`);
    return report.invalid.length > 0 ? 2 : 0;
  }
  console.error(USAGE);
  return 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error((e as Error).message);
    process.exit(1);
  },
);
