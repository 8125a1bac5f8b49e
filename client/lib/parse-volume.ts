const UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6, b: 1e9 };

/** Tokens a month as people type them: "2500000", "2,500,000", "250k", "5M", "1.5B". Null for anything else or past 10¹². */
export function parseVolume(text: string): number | null {
  const m = /^\s*(\d+(?:[.,]\d+)*)\s*([kmb]?)\s*$/i.exec(text);
  if (!m) return null;
  const digits = m[2] ? m[1]!.replace(/,/g, '') : m[1]!.replace(/,(?=\d{3}(\D|$))/g, '');
  const n = Number(digits) * UNITS[m[2]!.toLowerCase()]!;
  return Number.isFinite(n) && n > 0 && n <= 1e12 ? Math.round(n) : null;
}
