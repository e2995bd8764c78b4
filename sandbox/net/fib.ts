/**
 * FIB lookup as net/ipv4/fib_trie.c fib_table_lookup and fib_rules do it:
 * rules local(0) -> main(32766) -> default(32767); in a table the longest
 * matching prefix, backtracking to shorter prefixes when no alias of a prefix
 * is usable; inside a prefix aliases in order (lowest metric first).
 * Error-typed routes end the lookup with their errno (fib_props); `throw`
 * continues with the next rule. Routes flagged linkdown stay usable because
 * ignore_routes_with_linkdown defaults to 0.
 */
import type { Netns, Route } from '../model/netns';
import { SCOPE_VALUE, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN } from '../model/netns';
import type { Errno } from './errno';

export const RULES: ReadonlyArray<{ priority: number; table: number }> = [
  { priority: 0, table: TABLE_LOCAL },
  { priority: 32766, table: TABLE_MAIN },
  { priority: 32767, table: TABLE_DEFAULT },
];

export interface FibQuery {
  dst: number;
  /** Required output device (flowi4_oif). */
  oif?: number;
  /** Minimum route scope value (flowi4_scope); 0 = universe. */
  scope?: number;
}

export type LostReason = 'shorter-prefix' | 'higher-metric' | 'scope' | 'oif';

export interface Candidate {
  route: Route;
  lost: LostReason;
}

export type FibResult =
  | { ok: true; route: Route; table: number; candidates?: Candidate[] }
  | { ok: false; errno: Errno; route?: Route; table?: number; candidates?: Candidate[] };

const ERROR_TYPES: Partial<Record<Route['type'], Errno | 'EAGAIN'>> = {
  blackhole: 'EINVAL',
  unreachable: 'EHOSTUNREACH',
  prohibit: 'EACCES',
  throw: 'EAGAIN',
};

type TableResult = { route: Route; errno?: Errno | 'EAGAIN' } | null;

function tableLookup(ns: Netns, table: number, q: FibQuery, explain: Candidate[] | null): TableResult {
  // Collect matching routes; tables are small enough that a scan beats a trie in JS.
  const matches: Route[] = [];
  for (const r of ns.routes) {
    if (r.table === table && ((q.dst & r.mask) >>> 0) === r.net) matches.push(r);
  }
  if (matches.length === 0) return null;
  matches.sort((a, b) => b.dstLen - a.dstLen); // stable: keeps metric/insertion order inside a prefix
  const minScope = q.scope ?? 0;
  let winner: TableResult = null;
  for (const r of matches) {
    if (winner) {
      explain?.push({ route: r, lost: r.dstLen < winner.route.dstLen ? 'shorter-prefix' : 'higher-metric' });
      continue;
    }
    if (SCOPE_VALUE[r.scope] < minScope) {
      explain?.push({ route: r, lost: 'scope' });
      continue;
    }
    const err = ERROR_TYPES[r.type];
    if (err) {
      winner = { route: r, errno: err };
      if (!explain) return winner;
      continue;
    }
    if (q.oif !== undefined && r.dev !== q.oif) {
      explain?.push({ route: r, lost: 'oif' });
      continue;
    }
    winner = { route: r };
    if (!explain) return winner;
  }
  return winner;
}

export function fibLookup(ns: Netns, q: FibQuery, explain = false): FibResult {
  const candidates: Candidate[] | null = explain ? [] : null;
  for (const rule of RULES) {
    const local: Candidate[] | null = explain ? [] : null;
    const res = tableLookup(ns, rule.table, q, local);
    if (!res) continue;
    if (res.errno === 'EAGAIN') continue;
    if (res.errno) {
      const out: FibResult = { ok: false, errno: res.errno, route: res.route, table: rule.table };
      if (local) out.candidates = local;
      return out;
    }
    const out: FibResult = { ok: true, route: res.route, table: rule.table };
    if (local) out.candidates = local;
    return out;
  }
  // fib_lookup turns "no rule matched" (-ESRCH / -EAGAIN) into -ENETUNREACH.
  const out: FibResult = { ok: false, errno: 'ENETUNREACH' };
  if (candidates) out.candidates = candidates;
  return out;
}
