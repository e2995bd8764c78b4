/**
 * Routes by prefix, for lookups in big tables (a node of a 100-node cluster
 * holds ~200 routes, and every hop of every trace looks one up, often twice
 * with the reverse-path check). For each prefix length in use, longest first,
 * the routes of each network in storage order, so a lookup visits the few
 * candidate networks instead of the whole table and gets its matches already
 * in the order the FIB walks them (longest prefix first, storage order within).
 *
 * Kept in a side table keyed by the namespace and built on the second lookup
 * that finds the routes unchanged (routes.ts stamps): while routes are being
 * added one by one, each add looking up its gateway, a table is scanned rather
 * than indexed over and over. Small tables (a pod's handful of routes) are
 * always scanned.
 */
import { maskOf } from '../addr/ipv4';
import type { Netns, Route } from '../model/netns';
import { restamp, routesStamp, routesUnchanged, type RoutesStamp } from './routes';

/** Below this many routes a scan is as fast as the index and costs no memory. */
const INDEX_FROM = 24;

const MASKS = Array.from({ length: 33 }, (_, len) => maskOf(len));

interface RouteIndex {
  stamp: RoutesStamp;
  /** Prefix lengths in use, longest first. */
  lengths: number[];
  /** By prefix length: network -> routes, in storage order. */
  byLength: Array<Map<number, Route[]> | undefined>;
}

/** An index, or the stamp of the table's first lookup since it last changed. */
const indexes = new WeakMap<Netns, RouteIndex | RoutesStamp>();

function build(ns: Netns): RouteIndex {
  const byLength: RouteIndex['byLength'] = [];
  for (const r of ns.routes) {
    const m = (byLength[r.dstLen] ??= new Map());
    const list = m.get(r.net);
    if (list) list.push(r);
    else m.set(r.net, [r]);
  }
  const lengths: number[] = [];
  for (let len = 32; len >= 0; len--) if (byLength[len]) lengths.push(len);
  const ix = { stamp: routesStamp(ns), lengths, byLength };
  indexes.set(ns, ix);
  return ix;
}

/**
 * Writes to out[0], out[1], ... the routes of table t1 or t2 whose prefix
 * contains `dst`, longest prefix first and in storage order within a prefix
 * (what a scan of ns.routes followed by a stable sort on prefix length gives),
 * and returns how many. Slots from that count on are left as they were, so the
 * caller can reuse one array for every lookup without it being reallocated.
 */
export function matchingRoutes(ns: Netns, dst: number, t1: number, t2: number, out: Route[]): number {
  const routes = ns.routes;
  let ix: RouteIndex | undefined;
  if (routes.length >= INDEX_FROM) {
    const seen = indexes.get(ns);
    if (seen && 'lengths' in seen && routesUnchanged(ns, seen.stamp)) ix = seen;
    else if (seen && !('lengths' in seen)) {
      if (routesUnchanged(ns, seen)) ix = build(ns);
      else restamp(ns, seen); // a table being filled route by route: no new stamp per lookup
    } else indexes.set(ns, routesStamp(ns));
  }
  let n = 0;
  if (!ix) {
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i]!;
      if (((dst & r.mask) >>> 0) === r.net && (r.table === t1 || r.table === t2)) out[n++] = r;
    }
    // Stable insertion sort on prefix length, longest first (a handful of matches).
    for (let i = 1; i < n; i++) {
      const r = out[i]!;
      let j = i;
      while (j > 0 && out[j - 1]!.dstLen < r.dstLen) {
        out[j] = out[j - 1]!;
        j--;
      }
      out[j] = r;
    }
    return n;
  }
  for (const len of ix.lengths) {
    const list = ix.byLength[len]!.get((dst & MASKS[len]!) >>> 0);
    if (!list) continue;
    for (const r of list) if ((r.table === t1 || r.table === t2) && ((dst & r.mask) >>> 0) === r.net) out[n++] = r;
  }
  return n;
}
