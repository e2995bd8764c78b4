/**
 * Route table storage in the kernel's own order. The FIB trie dumps leaves by
 * key (the destination address); inside a leaf, longer prefixes first, then
 * lower priority (metric); equal ones keep insertion order (NLM_F_APPEND). That
 * order is what `ip route show` prints and what lookup walks.
 *
 * Every change made here bumps the namespace's routes version, so derived
 * indexes (net/local-index.ts, kindnetd's reconcile memo) can tell the table
 * changed: they keep a RoutesStamp and compare it; the counts kept here
 * (DstCounts) are changed in step instead. Code that changes routes elsewhere
 * must go through these helpers or assign a new array (a different array, or a
 * different length, is noticed as well).
 */
import { maskOf } from '../addr/ipv4';
import type { Netns, Route, RouteType, Scope } from '../model/netns';
import { holdShape } from '../model/records';

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

// Routes' number fields stay tagged (see holdShape): addresses below 2^31 inline, masks shared (MASKS).
holdShape({
  table: 0, type: 'unicast', dst: null, dstLen: 0, protocol: '', scope: 'global', metric: 0, onlink: false,
  net: null, mask: null, gateway: undefined, dev: undefined, prefsrc: undefined,
});

/**
 * maskOf(len) for 0..32, each held once in an array of mixed elements (the
 * null at the end), which V8 keeps as references: a route's mask then points
 * at the shared number instead of getting a box of its own (see holdShape).
 */
const MASKS: ReadonlyArray<number | null> = [...Array.from({ length: 33 }, (_, len) => maskOf(len)), null];

function sharedMask(len: number): number {
  return len >= 0 && len <= 32 && len === (len | 0) ? MASKS[len]! : maskOf(len);
}

/**
 * Every route gets the same keys in the same order, the optional ones
 * undefined when absent (JSON.stringify leaves those out, so snapshots read as
 * if they were missing): one hidden class for all routes, so the loops that
 * read thousands of them (lookups, duplicate checks, kindnetd's reconcile)
 * stay monomorphic instead of meeting a shape per combination of fields.
 */
export function makeRoute(spec: RouteSpec): Route {
  const mask = sharedMask(spec.dstLen);
  return {
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
    gateway: spec.gateway,
    dev: spec.dev,
    prefsrc: spec.prefsrc,
  };
}

function before(a: Route, b: Route): boolean {
  if (a.table !== b.table) return a.table > b.table;
  if (a.dst !== b.dst) return a.dst < b.dst;
  if (a.dstLen !== b.dstLen) return a.dstLen > b.dstLen;
  return a.metric < b.metric;
}

/**
 * How many routes of a big table have each destination, and each destination
 * with each device: "is there a route to X at all?" without a scan, for the
 * checks that an added route duplicates none (each pod start adds a local
 * route to its node's table of hundreds) or takes no taken slot (kindnetd adds
 * one per peer). Changed in step by the helpers below while it matches the
 * table (same array, length and version); a change made anywhere else leaves
 * it stale, and it is counted again on next use.
 */
interface DstCounts {
  routes: Route[];
  length: number;
  version: number;
  /** By dstKey(route.dst). */
  byDst: Map<number, number>;
  /** By dstDevKey(route). */
  byDstDev: Map<number, number>;
  /**
   * The table is in storage order (no route sorts before the one ahead of it)
   * and every sort key is a number: then the place of a new route can be
   * found by bisection (see insertRoute).
   */
  sorted: boolean;
}

/** Below this many routes a scan is as fast, and nothing is counted. */
const COUNT_FROM = 24;

/**
 * Per namespace, a counter of route changes made here (a box, so a stamp can
 * hold it), and its counts. Made when a stamp is taken or counts are kept: a
 * table nobody has stamped needs no counter (the thousands of pod namespaces
 * a cluster build fills get none), as a stamp only compares later changes.
 */
interface RoutesVersion {
  n: number;
  counts: DstCounts | undefined;
}

const versions = new WeakMap<Netns, RoutesVersion>();

function versionOf(ns: Netns): RoutesVersion {
  let v = versions.get(ns);
  if (!v) {
    v = { n: 0, counts: undefined };
    versions.set(ns, v);
  }
  return v;
}

/*
 * Count keys are small integers (V8 keeps those unboxed, and hashes them
 * fastest), so distinct destinations, or (dst, dev) pairs, may share one: a
 * shared key only sends the caller to its scan. A route always gets the same key.
 */
function dstKey(dst: number): number {
  return dst & 0x3fffffff;
}

function dstDevKey(r: Route): number {
  return (r.dst ^ Math.imul(r.dev ?? -1, 0x9e3779b1)) & 0x3fffffff;
}

function bump(m: Map<number, number>, k: number, by: number): void {
  const n = (m.get(k) ?? 0) + by;
  if (n > 0) m.set(k, n);
  else m.delete(k);
}

function count(c: DstCounts, r: Route, by: number): void {
  bump(c.byDst, dstKey(r.dst), by);
  bump(c.byDstDev, dstDevKey(r), by);
}

/** The counts, if they match the table as it is. */
function currentCounts(ns: Netns, v: RoutesVersion | undefined): DstCounts | undefined {
  const c = v?.counts;
  return c && c.routes === ns.routes && c.length === ns.routes.length && c.version === v!.n ? c : undefined;
}

/** Counts for a big table (counted if stale), undefined for a small one. */
function countsFor(ns: Netns): DstCounts | undefined {
  const routes = ns.routes;
  if (routes.length < COUNT_FROM) return undefined;
  const v = versionOf(ns);
  let c = currentCounts(ns, v);
  if (!c) {
    c = { routes, length: routes.length, version: v.n, byDst: new Map(), byDstDev: new Map(), sorted: true };
    for (let i = 0; i < routes.length; i++) {
      const r = routes[i]!;
      count(c, r, 1);
      if (!hasSortKey(r) || (i > 0 && before(r, routes[i - 1]!))) c.sorted = false;
    }
    v.counts = c;
  }
  return c;
}

/** The fields `before` compares are numbers (NaN, or anything else, would leave it no order to bisect by). */
function hasSortKey(r: Route): boolean {
  return typeof r.table === 'number' && typeof r.dst === 'number' && typeof r.dstLen === 'number' && typeof r.metric === 'number' &&
    r.table === r.table && r.dst === r.dst && r.dstLen === r.dstLen && r.metric === r.metric;
}

/** After a change made here: the version moves on, and counts that matched the table before it follow it. */
function changed(ns: Netns, v: RoutesVersion | undefined, c: DstCounts | undefined): void {
  if (!v) return;
  v.n++;
  if (c) {
    c.routes = ns.routes;
    c.length = ns.routes.length;
    c.version = v.n;
  }
}

/** False when no route has destination `dst` (then no route shares its slot or equals one to it). */
export function mayHaveRouteTo(ns: Netns, dst: number): boolean {
  const c = countsFor(ns);
  return !c || c.byDst.has(dstKey(dst));
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

/**
 * Re-take a stamp the caller owns (from routesStamp, shared with nobody) in
 * place: the route index restamps on each lookup in a table being filled,
 * kindnetd's memo after each pass that added routes.
 */
export function restamp(ns: Netns, s: RoutesStamp): void {
  const counter = versionOf(ns);
  s.routes = ns.routes;
  s.length = ns.routes.length;
  s.counter = counter;
  s.version = counter.n;
}

/** `s` was taken from this namespace and nothing has changed its routes since. */
export function routesUnchanged(ns: Netns, s: RoutesStamp): boolean {
  return s.routes === ns.routes && s.length === ns.routes.length && s.version === s.counter.n;
}

/** Insert after every route that sorts before or equal to it (append semantics). */
export function insertRoute(ns: Netns, r: Route): void {
  const v = versions.get(ns);
  const c = currentCounts(ns, v);
  const routes = ns.routes;
  let i: number;
  if (c?.sorted && hasSortKey(r)) {
    // In a sorted table `before(r, routes[j])` is false up to some j and true from there on:
    // bisect for that j, where the walk back from the end below stops too. A pod's local route
    // goes ahead of a node's whole main table, which the walk would cross route by route.
    let lo = 0;
    let hi = routes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(r, routes[mid]!)) hi = mid;
      else lo = mid + 1;
    }
    i = lo;
  } else {
    i = routes.length;
    while (i > 0 && before(r, routes[i - 1]!)) i--;
  }
  routes.splice(i, 0, r);
  if (c) {
    count(c, r, 1);
    if (!hasSortKey(r)) c.sorted = false;
  }
  changed(ns, v, c);
}

/** Replace the route at `index` (same slot). */
export function replaceRouteAt(ns: Netns, index: number, r: Route): void {
  const v = versions.get(ns);
  const old = ns.routes[index];
  const c = old ? currentCounts(ns, v) : undefined;
  if (c && old) {
    count(c, old, -1);
    count(c, r, 1);
    const routes = ns.routes;
    c.sorted &&= hasSortKey(r) && (index === 0 || !before(r, routes[index - 1]!)) && (index === routes.length - 1 || !before(routes[index + 1]!, r));
  }
  ns.routes[index] = r;
  changed(ns, v, c);
}

/** Remove the route at `index`. */
export function removeRouteAt(ns: Netns, index: number): void {
  const v = versions.get(ns);
  const c = currentCounts(ns, v);
  const [gone] = ns.routes.splice(index, 1);
  if (c && gone) count(c, gone, -1);
  changed(ns, v, c);
}

export function sameRoute(a: Route, b: Route): boolean {
  // The destination first: it tells most routes of a table apart at once.
  return (
    a.dst === b.dst && a.dstLen === b.dstLen && a.table === b.table && a.type === b.type &&
    a.gateway === b.gateway && a.dev === b.dev && a.protocol === b.protocol && a.scope === b.scope &&
    a.prefsrc === b.prefsrc && a.metric === b.metric && a.onlink === b.onlink
  );
}

/** fib_magic's insert: identical duplicates are refused, others appended. */
export function insertRouteUnique(ns: Netns, r: Route): void {
  const c = countsFor(ns);
  if (!c || c.byDstDev.has(dstDevKey(r))) {
    const routes = ns.routes;
    for (let i = 0; i < routes.length; i++) if (sameRoute(routes[i]!, r)) return;
  }
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
  const v = versions.get(ns);
  const c = currentCounts(ns, v);
  if (c) for (const r of removed) count(c, r, -1);
  ns.routes = kept;
  changed(ns, v, c);
  return removed;
}
