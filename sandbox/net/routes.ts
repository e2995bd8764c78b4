/**
 * Route table storage in the kernel's own order. The FIB trie dumps leaves by
 * key (the destination address); inside a leaf, longer prefixes first, then
 * lower priority (metric); equal ones keep insertion order (NLM_F_APPEND). That
 * order is what `ip route show` prints and what lookup walks.
 *
 * Every change made here bumps the namespace's routes version, so derived
 * indexes (net/local-index.ts, kindnetd's reconcile memo) can tell the table
 * changed: they keep a RoutesStamp and compare it. Code that changes routes
 * elsewhere must go through these helpers or assign a new array (a different
 * array, or a different length, is noticed as well).
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

/** Per namespace, a counter of route changes made here (a box, so a stamp can hold it). */
const versions = new WeakMap<Netns, { n: number }>();

function versionOf(ns: Netns): { n: number } {
  let v = versions.get(ns);
  if (!v) {
    v = { n: 0 };
    versions.set(ns, v);
  }
  return v;
}

function changed(ns: Netns): void {
  versionOf(ns).n++;
}

/** What a derived index was built from: while routesUnchanged holds, the routes are the same. */
export interface RoutesStamp {
  routes: Route[];
  length: number;
  counter: { n: number };
  version: number;
}

export function routesStamp(ns: Netns): RoutesStamp {
  const counter = versionOf(ns);
  return { routes: ns.routes, length: ns.routes.length, counter, version: counter.n };
}

/** `s` was taken from this namespace and nothing has changed its routes since. */
export function routesUnchanged(ns: Netns, s: RoutesStamp): boolean {
  return s.routes === ns.routes && s.length === ns.routes.length && s.version === s.counter.n;
}

/** Insert after every route that sorts before or equal to it (append semantics). */
export function insertRoute(ns: Netns, r: Route): void {
  const routes = ns.routes;
  let i = routes.length;
  while (i > 0 && before(r, routes[i - 1]!)) i--;
  routes.splice(i, 0, r);
  changed(ns);
}

/** Replace the route at `index` (same slot). */
export function replaceRouteAt(ns: Netns, index: number, r: Route): void {
  ns.routes[index] = r;
  changed(ns);
}

/** Remove the route at `index`. */
export function removeRouteAt(ns: Netns, index: number): void {
  ns.routes.splice(index, 1);
  changed(ns);
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

/** Remove the routes `pred` picks (called once per route, in order); the array is only replaced when one goes. */
export function removeRoutesWhere(ns: Netns, pred: (r: Route) => boolean): Route[] {
  const routes = ns.routes;
  let i = 0;
  while (i < routes.length && !pred(routes[i]!)) i++;
  if (i === routes.length) return [];
  const removed: Route[] = [routes[i]!];
  const kept = routes.slice(0, i);
  for (let j = i + 1; j < routes.length; j++) {
    const r = routes[j]!;
    if (pred(r)) removed.push(r);
    else kept.push(r);
  }
  ns.routes = kept;
  changed(ns);
  return removed;
}
