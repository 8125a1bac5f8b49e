/**
 * Numbered sources for published figures: each distinct source gets one
 * number, in first-use order, so a table cell can say "[2]" and the list
 * under it says where [2] comes from.
 */
export class SourceNotes {
  private readonly order: string[] = [];

  /** The note number of a source ("[1]"), adding it on first use. */
  ref(source: string): string {
    let i = this.order.indexOf(source);
    if (i < 0) i = this.order.push(source) - 1;
    return `[${i + 1}]`;
  }

  list(): { ref: string; source: string }[] {
    return this.order.map((source, i) => ({ ref: `[${i + 1}]`, source }));
  }
}
