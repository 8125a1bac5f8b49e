import type { GgufFileInfo } from 'node-llama-cpp';
import { loadedLlamaModule } from './llama-module.ts';

/** What a GGUF's header says about the model, in the catalog's terms. Unknown is null. */
export interface GgufFacts {
  name: string | null;
  organisation: string | null;
  architecture: string | null;
  /** Total weights, summed over the tensor shapes. */
  parameters: number | null;
  quantization: string | null;
  contextLength: number | null;
  license: string | null;
  /** The Jinja chat template, when the file carries one. */
  chatTemplate: string | null;
}

type Loose = Record<string, unknown>;

function str(v: unknown): string | null {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : null;
}

function positiveInt(v: unknown): number | null {
  const n = typeof v === 'bigint' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : null;
}

export function chatTemplateOf(metadata: GgufFileInfo['metadata']): string | null {
  return str((metadata as unknown as { tokenizer?: Loose }).tokenizer?.['chat_template']);
}

function countParameters(info: GgufFileInfo): number | null {
  if (!info.fullTensorInfo?.length) return null;
  let total = 0;
  for (const t of info.fullTensorInfo) total += t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return total;
}

/** The file type when the header names it; else the tensor type holding most weights (old converters omit file_type). */
function quantizationOf(info: GgufFileInfo, general: Loose): string | null {
  const fileType = general['file_type'];
  const { GgmlType, GgufFileType } = loadedLlamaModule();
  if (typeof fileType === 'number' && GgufFileType[fileType]) return GgufFileType[fileType].replace(/^(MOSTLY|ALL)_/, '');
  const byType = new Map<number, number>();
  for (const t of info.fullTensorInfo ?? []) {
    const n = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    byType.set(t.ggmlType, (byType.get(t.ggmlType) ?? 0) + n);
  }
  const top = [...byType.entries()].sort((a, b) => b[1] - a[1])[0];
  return top ? (GgmlType[top[0]] ?? null) : null;
}

export function ggufFacts(info: GgufFileInfo): GgufFacts {
  const general = (info.metadata.general ?? {}) as unknown as Loose;
  const architecture = str(general['architecture']);
  const name = str(general['name']);
  const arch = (info.architectureMetadata ?? {}) as unknown as Loose;
  return {
    // Converters often write the architecture as the name ("llama"): that says nothing about the model.
    name: name && name.toLowerCase() !== architecture?.toLowerCase() ? name : null,
    organisation: str(general['organization']) ?? str(general['author']),
    architecture,
    parameters: countParameters(info),
    quantization: quantizationOf(info, general),
    contextLength: positiveInt(arch['context_length']),
    license: str(general['license']) ?? str(general['license.name']),
    chatTemplate: chatTemplateOf(info.metadata),
  };
}

/** 260K, 135M, 7.2B: the way model cards say it. */
export function formatParameterCount(n: number): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) {
      const v = n / size;
      return `${v >= 100 ? Math.round(v) : Number(v.toPrecision(3))}${unit}`;
    }
  }
  return String(n);
}
