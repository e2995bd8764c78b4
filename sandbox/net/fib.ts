/**
 * FIB lookup as net/ipv4/fib_trie.c fib_table_lookup and fib_lookup do it
 * without custom rules (the engine models none, and neither minikube nor
 * kindnet adds any): table local is merged into main (the "local/main table
 * collapse" of Linux 4.1), so one lookup takes the longest matching prefix
 * across both, local aliases before main ones of the same prefix, and reports
 * table main (`ip route get` never prints `table local`); then table default.
 * In a table: backtracking to shorter prefixes when no alias of a prefix is
 * usable; inside a prefix aliases in order (lowest metric first).
 * Error-typed routes end the lookup with their errno (fib_props); `throw`
 * continues with the next rule. Routes flagged linkdown stay usable because
 * ignore_routes_with_linkdown defaults to 0.
 */
import type { Netns, Route } from '../model/netns';
import { SCOPE_VALUE, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN } from '../model/netns';
import type { Errno } from './errno';
import { matchingRoutes } from './route-index';
import { makeRoute } from './routes';

export const RULES: ReadonlyArray<{ priority: number; table: number }> = [
  { priority: 0, table: TABLE_LOCAL },
  { priority: 32766, table: TABLE_MAIN },
  { priority: 32767, table: TABLE_DEFAULT },
];

/** What the default rules amount to while the tables are merged: [tables searched together, table reported]. */
const MERGED_LOOKUPS: ReadonlyArray<{ tables: readonly [number, number]; report: number }> = [
  { tables: [TABLE_LOCAL, TABLE_MAIN], report: TABLE_MAIN },
  { tables: [TABLE_DEFAULT, TABLE_DEFAULT], report: TABLE_DEFAULT },
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

/**
 * The matches of the lookup under way, in one array reused by every lookup:
 * lookups run one at a time and call nothing that looks up again, and a
 * cluster build does thousands (every route added checks its gateway).
 */
const scratch: Route[] = [];
/** What the used slots are reset to, so the array holds no route of any namespace between lookups. */
const NO_ROUTE = makeRoute({ table: 0, type: 'unicast', dst: 0, dstLen: 0, protocol: 'unspec', scope: 'nowhere' });

function tableLookup(ns: Netns, [t1, t2]: readonly [number, number], q: FibQuery, explain: Candidate[] | null): TableResult {
  // Matching routes, longest prefix first; inside a prefix in storage order, which is local
  // before main, then metric/insertion (route-index.ts: a scan for small tables, an index for big ones).
  const n = matchingRoutes(ns, q.dst, t1, t2, scratch);
  const res = pickRoute(scratch, n, q, explain);
  for (let i = 0; i < n; i++) scratch[i] = NO_ROUTE;
  return res;
}

function pickRoute(matches: Route[], n: number, q: FibQuery, explain: Candidate[] | null): TableResult {
  if (n === 0) return null;
  const minScope = q.scope ?? 0;
  let winner: TableResult = null;
  for (let i = 0; i < n; i++) {
    const r = matches[i]!;
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
  for (const rule of MERGED_LOOKUPS) {
    const local: Candidate[] | null = explain ? [] : null;
    const res = tableLookup(ns, rule.tables, q, local);
    if (!res) continue;
    if (res.errno === 'EAGAIN') continue;
    if (res.errno) {
      const out: FibResult = { ok: false, errno: res.errno, route: res.route, table: rule.report };
      if (local) out.candidates = local;
      return out;
    }
    const out: FibResult = { ok: true, route: res.route, table: rule.report };
    if (local) out.candidates = local;
    return out;
  }
  // fib_lookup turns "no rule matched" (-ESRCH / -EAGAIN) into -ENETUNREACH.
  const out: FibResult = { ok: false, errno: 'ENETUNREACH' };
  if (candidates) out.candidates = candidates;
  return out;
}
