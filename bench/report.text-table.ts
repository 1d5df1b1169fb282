/** A table cell: empty values print as '-'. */
export type Cell = string | number | null | undefined;

/** Plain-text table: first column left-aligned, the others right-aligned. */
export function table(header: Cell[], rows: Cell[][]): string {
  const text = (cell: Cell) => (cell === null || cell === undefined ? '-' : String(cell));
  const all = [header, ...rows].map((row) => row.map(text));
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  const line = (row: string[]) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('  ');
  return [
    line(all[0] ?? []),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...all.slice(1).map(line),
  ].join('\n');
}
