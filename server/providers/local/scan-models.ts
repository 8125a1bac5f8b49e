import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { GgufFileInfo, Llama } from 'node-llama-cpp';
import type { ModelSpec } from '../../../shared/catalog.ts';
import { ggufFacts, type GgufFacts } from './gguf-facts.ts';
import { loadLlamaModule } from './llama-module.ts';
import { localModelId, localModelSpec } from './local-model-spec.ts';
import { DEFAULT_MAX_CONTEXT_SIZE } from './model-pool.ts';

export interface ScannedGguf {
  file: string;
  sizeBytes: number;
  facts: GgufFacts;
}

export interface GgufScan {
  files: ScannedGguf[];
  /** One line per directory or file that was skipped, naming it and why. */
  problems: string[];
}

/** Later parts of a split model (`-00002-of-00003.gguf`) are read through the first one. */
const LATER_SPLIT_PART = /-(\d{5})-of-\d{5}\.gguf$/i;
const MAX_DEPTH = 2;

async function findGgufFiles(dir: string, depth: number, problems: string[]): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A models directory that does not exist (yet) holds no models; that is not a problem.
    if (code === 'ENOENT') return [];
    problems.push(`${dir}: cannot be read as a models directory (${code === 'ENOTDIR' ? 'not a directory' : (e as Error).message})`);
    return [];
  }
  const found: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
    if (isDir) {
      if (depth < MAX_DEPTH) found.push(...(await findGgufFiles(full, depth + 1, problems)));
      continue;
    }
    if (!entry.name.toLowerCase().endsWith('.gguf')) continue;
    const part = LATER_SPLIT_PART.exec(entry.name);
    if (part && Number(part[1]) !== 1) continue;
    found.push(full);
  }
  return found.sort();
}

/** A header can parse while the weights behind it are cut short (an interrupted copy): compare sizes. */
async function truncation(sizeBytes: number, info: GgufFileInfo, llama?: () => Promise<Llama>): Promise<string | null> {
  // The reader pads a header cut short with zeros rather than failing: a real one always names its architecture.
  if (typeof info.metadata.general?.architecture !== 'string') return 'incomplete GGUF header (no general.architecture; file cut short?)';
  if (info.splicedParts > 1 || !info.fullTensorInfo?.length) return null;
  const lastTensorStart = Math.max(...info.fullTensorInfo.map((t) => Number(t.fileOffset)));
  if (lastTensorStart >= sizeBytes) return `truncated: its tensors start up to byte ${lastTensorStart}, the file has ${sizeBytes}`;
  try {
    const { GgufInsights } = await loadLlamaModule();
    const insights = await GgufInsights.from(info, llama ? await llama() : undefined);
    const dataStart = Math.min(...info.fullTensorInfo.map((t) => Number(t.fileOffset)));
    const expected = dataStart + insights.modelSize;
    return sizeBytes < expected ? `truncated: its header describes ${expected} bytes, the file has ${sizeBytes}` : null;
  } catch {
    // Size insight needs the llama.cpp binary; without it the model cannot run anyway, and says so at load.
    return null;
  }
}

async function readOne(file: string, llama?: () => Promise<Llama>): Promise<ScannedGguf | string> {
  try {
    const { size } = await stat(file);
    const { readGgufFileInfo } = await loadLlamaModule();
    const info = await readGgufFileInfo(file, { logWarnings: false });
    const cut = await truncation(size, info, llama);
    if (cut) return cut;
    return { file, sizeBytes: size, facts: ggufFacts(info) };
  } catch (e) {
    // The reader quotes the bytes it found; binary garbage has no place in a console line.
    const msg = ((e as Error).message ?? String(e)).replace(/[^\x20-\x7e]/g, '?');
    return /magic/i.test(msg) ? `not a GGUF file (${msg})` : `unreadable GGUF (${msg})`;
  }
}

export interface ScanOptions {
  /** The llama.cpp instance for size checks (else a backend-less one is loaded); asked only when files exist. */
  llama?: () => Promise<Llama>;
}

/** Reads the header of every GGUF in the directories, without loading any weights. Never throws. */
export async function scanGgufFiles(dirs: string[], opts: ScanOptions = {}): Promise<GgufScan> {
  const problems: string[] = [];
  const files: ScannedGguf[] = [];
  const seen = new Set<string>();
  for (const dir of dirs) {
    for (const file of await findGgufFiles(resolve(dir), 0, problems)) {
      if (seen.has(file)) continue;
      seen.add(file);
      const r = await readOne(file, opts.llama);
      if (typeof r === 'string') problems.push(`${file}: ${r}; skipped`);
      else files.push(r);
    }
  }
  return { files, problems };
}

export interface LocalModelsScan {
  models: ModelSpec[];
  problems: string[];
}

/** Catalog entries for every GGUF in the directories (ids `local:<stem>`, made unique). */
export async function scanLocalModels(
  dirs: string[],
  opts: ScanOptions & { endpointId?: string; maxContextSize?: number } = {},
): Promise<LocalModelsScan> {
  const { files, problems } = await scanGgufFiles(dirs, opts);
  const ids = new Set<string>();
  const models = files.map((f) => {
    let id = localModelId(f.file);
    for (let n = 2; ids.has(id); n++) id = `${localModelId(f.file)}-${n}`;
    ids.add(id);
    const usableContext = f.facts.contextLength ? Math.min(f.facts.contextLength, opts.maxContextSize ?? DEFAULT_MAX_CONTEXT_SIZE) : null;
    return localModelSpec({
      id,
      file: f.file,
      sizeBytes: f.sizeBytes,
      facts: f.facts,
      endpointId: opts.endpointId ?? 'local',
      usableContext,
    });
  });
  return { models, problems };
}
