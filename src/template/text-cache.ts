/**
 * A bounded cache keyed by text, least recently used first out. Rendering
 * decodes the same YAML and parses the same templates again and again (a
 * controller re-renders each release on every reconcile); results that are
 * pure functions of a text are kept here instead of being recomputed.
 */
export class TextCache<V> {
  private readonly entries = new Map<string, V>();
  private chars = 0;
  private readonly maxEntries: number;
  private readonly maxChars: number;

  /** At most `maxEntries` entries whose keys add up to at most `maxChars` characters. */
  constructor(maxEntries: number, maxChars: number) {
    this.maxEntries = maxEntries;
    this.maxChars = maxChars;
  }

  get(key: string): V | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      // Most recently used last.
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    // A key larger than an eighth of the budget is not worth the room it takes.
    if (key.length > this.maxChars / 8) return;
    if (this.entries.delete(key)) this.chars -= key.length;
    this.entries.set(key, value);
    this.chars += key.length;
    for (const k of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.chars <= this.maxChars) break;
      this.entries.delete(k);
      this.chars -= k.length;
    }
  }
}
