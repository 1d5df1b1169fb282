/** An in-memory log that keeps the newest `max` entries, oldest first. */
export interface BoundedLog<T> {
  add(entry: T): T;
  list(): T[];
  clear(): void;
}

/** A log bounded to `max` entries: adding past it forgets the oldest. */
export function createBoundedLog<T>(max: number): BoundedLog<T> {
  let entries: T[] = [];
  return {
    add(entry) {
      entries.push(entry);
      // Trimmed in chunks, so a full log does not copy itself on every add.
      if (entries.length > max + Math.ceil(max / 10)) entries = entries.slice(-max);
      return entry;
    },
    list: () => entries.slice(-max),
    clear() {
      entries = [];
    },
  };
}
