/**
 * kubectl aligns its tables with Go's text/tabwriter set up as minwidth 6,
 * padding 3, pad char ' ': a column is as wide as its widest cell plus three
 * spaces, never narrower than six, and the last cell of a row is not padded.
 */
const MIN_WIDTH = 6;
const PADDING = 3;

export function tabulate(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      if (i === row.length - 1) return;
      widths[i] = Math.max(widths[i] ?? 0, Math.max(cell.length + PADDING, MIN_WIDTH));
    });
  }
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join(''))
    .map((line) => `${line}\n`)
    .join('');
}
