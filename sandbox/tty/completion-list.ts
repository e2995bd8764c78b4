import { stringWidth } from './width';

/** From this many candidates on, readline asks before listing them (its completion-query-items). */
export const QUERY_ITEMS = 100;

/** The longest prefix every candidate shares, never ending inside a surrogate pair. */
export function commonPrefix(candidates: readonly string[]): string {
  if (candidates.length === 0) return '';
  let prefix = candidates[0] as string;
  for (const c of candidates) {
    let n = 0;
    while (n < prefix.length && n < c.length && prefix.charCodeAt(n) === c.charCodeAt(n)) n++;
    prefix = prefix.slice(0, n);
  }
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

/**
 * Candidates laid out as readline's rl_display_match_list does: sorted, in
 * columns two cells wider than the widest, filled top to bottom then left to
 * right, as many columns as fit in `cols` (at least one). Returns the rows,
 * without trailing blanks.
 */
export function formatColumns(candidates: readonly string[], cols: number): string[] {
  const items = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const widths = items.map(stringWidth);
  const column = Math.max(0, ...widths) + 2;
  let perRow = Math.floor(cols / column);
  if (perRow !== 1 && perRow * column === cols) perRow--;
  if (perRow < 1) perRow = 1;
  const rowCount = Math.ceil(items.length / perRow);
  const rows: string[] = [];
  for (let r = 0; r < rowCount; r++) {
    let row = '';
    for (let c = 0, i = r; c < perRow && i < items.length; c++, i += rowCount) {
      row += items[i] + (c + 1 < perRow ? ' '.repeat(Math.max(1, column - (widths[i] as number))) : '');
    }
    rows.push(row.trimEnd());
  }
  return rows;
}
