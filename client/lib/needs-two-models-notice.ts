/**
 * What the composer says when a battle cannot start for want of models:
 * how many there are, which one, and where the way to add more is written
 * (the server's setup help, shown above the prompt).
 */
export function needsTwoModelsNotice(available: { label: string }[], helpShown: boolean): string | null {
  if (available.length >= 2) return null;
  if (available.length === 0) return `No model is available, and a battle needs two.${helpShown ? ' How to add them is shown above.' : ''}`;
  return `Only one model is available (${available[0]!.label}), and a battle needs two: add a second.${helpShown ? ' How to add one is shown above.' : ''}`;
}
