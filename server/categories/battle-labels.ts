import type { BattleLabel } from '../../db/battle-store.ts';
import type { CategoryKey } from '../../shared/category-api.ts';
import type { PromptClassification } from './classify-prompt.ts';

/** A classification as stored rows: each category, the language (if any), each tag. */
export function battleLabels(c: PromptClassification): BattleLabel[] {
  return [
    ...c.categories.map((value) => ({ kind: 'category' as const, value })),
    ...(c.language ? [{ kind: 'language' as const, value: c.language }] : []),
    ...c.tags.map((value) => ({ kind: 'tag' as const, value })),
  ];
}

/** The API's name of a label: `coding`, `lang:de`, `tag:sql`. */
export function labelKey(l: BattleLabel): CategoryKey {
  if (l.kind === 'category') return l.value;
  return `${l.kind === 'language' ? 'lang' : 'tag'}:${l.value}`;
}

/** The stored label of an API name: labelKey's inverse. */
export function labelOfKey(key: CategoryKey): BattleLabel {
  const colon = key.indexOf(':');
  if (colon < 0) return { kind: 'category', value: key };
  return { kind: key.slice(0, colon) === 'lang' ? 'language' : 'tag', value: key.slice(colon + 1) };
}
