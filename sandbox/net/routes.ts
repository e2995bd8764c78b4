/**
 * Route table storage in the kernel's own order. The FIB trie dumps leaves by
 * key (the destination address); inside a leaf, longer prefixes first, then
 * lower priority (metric); equal ones keep insertion order (NLM_F_APPEND). That
 * order is what `ip route show` prints and what lookup walks.
 *
 * Every change replaces `ns.routes` with a new array instead of editing it in
 * place (copy-on-write), so derived indexes (net/local-index.ts) can tell a
 * table has changed by the array's identity. Code that changes routes must do
 * the same: go through these helpers or assign a new array.
 */
import { maskOf } from '../addr/ipv4';
import type { Netns, Route, RouteType, Scope } from '../model/netns';

export interface RouteSpec {
  table: number;
  type: RouteType;
  dst: number;
  dstLen: number;
  gateway?: number;
  dev?: number;
  protocol: string;
  scope: Scope;
  prefsrc?: number;
  metric?: number;
  onlink?: boolean;
}

export function makeRoute(spec: RouteSpec): Route {
  const mask = maskOf(spec.dstLen);
  const r: Route = {
    table: spec.table,
    type: spec.type,
    dst: (spec.dst & mask) >>> 0,
    dstLen: spec.dstLen,
    protocol: spec.protocol,
    scope: spec.scope,
    metric: spec.metric ?? 0,
    onlink: spec.onlink ?? false,
    net: (spec.dst & mask) >>> 0,
    mask,
  };
  if (spec.gateway !== undefined) r.gateway = spec.gateway;
  if (spec.dev !== undefined) r.dev = spec.dev;
  if (spec.prefsrc !== undefined) r.prefsrc = spec.prefsrc;
  return r;
}

function before(a: Route, b: Route): boolean {
  if (a.table !== b.table) return a.table > b.table;
  if (a.dst !== b.dst) return a.dst < b.dst;
  if (a.dstLen !== b.dstLen) return a.dstLen > b.dstLen;
  return a.metric < b.metric;
}

/** Insert after every route that sorts before or equal to it (append semantics). */
export function insertRoute(ns: Netns, r: Route): void {
  const routes = ns.routes;
  let i = routes.length;
  while (i > 0 && before(r, routes[i - 1]!)) i--;
  const next = routes.slice(0, i);
  next.push(r);
  for (let j = i; j < routes.length; j++) next.push(routes[j]!);
  ns.routes = next;
}

/** Replace the route at `index` (same slot), copy-on-write. */
export function replaceRouteAt(ns: Netns, index: number, r: Route): void {
  const next = ns.routes.slice();
  next[index] = r;
  ns.routes = next;
}

/** Remove the route at `index`, copy-on-write. */
export function removeRouteAt(ns: Netns, index: number): void {
  const next = ns.routes.slice();
  next.splice(index, 1);
  ns.routes = next;
}

export function sameRoute(a: Route, b: Route): boolean {
  return (
    a.table === b.table && a.type === b.type && a.dst === b.dst && a.dstLen === b.dstLen &&
    a.gateway === b.gateway && a.dev === b.dev && a.protocol === b.protocol && a.scope === b.scope &&
    a.prefsrc === b.prefsrc && a.metric === b.metric && a.onlink === b.onlink
  );
}

/** fib_magic's insert: identical duplicates are refused, others appended. */
export function insertRouteUnique(ns: Netns, r: Route): void {
  if (ns.routes.some((x) => sameRoute(x, r))) return;
  insertRoute(ns, r);
}

export function tableRoutes(ns: Netns, table: number): Route[] {
  return ns.routes.filter((r) => r.table === table);
}

export function removeRoutesWhere(ns: Netns, pred: (r: Route) => boolean): Route[] {
  const removed: Route[] = [];
  const kept = ns.routes.filter((r) => (pred(r) ? (removed.push(r), false) : true));
  if (removed.length) ns.routes = kept;
  return removed;
}
