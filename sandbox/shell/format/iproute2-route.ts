/**
 * `ip route show` / `ip route get` output as iproute2 6.1 prints it
 * (ip/iproute.c print_route): every field followed by a space, so each line
 * ends with one; `proto boot` and `scope global` and the main table are not
 * printed; `linkdown` when the device is up without carrier. `-j` gives the
 * same fields under iproute2's JSON keys.
 */
import { formatIp } from '../../addr/ipv4';
import type { Netns, Route } from '../../model/netns';
import { linkByIndex, TABLE_DEFAULT, TABLE_LOCAL, TABLE_MAIN } from '../../model/netns';
import { hasCarrier } from '../../net/links';
import type { RouteGetAnswer } from '../../net/route-get';
import type { World } from '../../net/world';

export function tableName(t: number): string {
  return t === TABLE_LOCAL ? 'local' : t === TABLE_MAIN ? 'main' : t === TABLE_DEFAULT ? 'default' : String(t);
}

function dstText(r: Route): string {
  if (r.dstLen === 0 && r.dst === 0) return 'default';
  return r.dstLen === 32 ? formatIp(r.dst) : `${formatIp(r.dst)}/${r.dstLen}`;
}

function routeFlags(world: World, ns: Netns, r: Route): string[] {
  const flags: string[] = [];
  if (r.onlink) flags.push('onlink');
  const dev = r.dev !== undefined ? linkByIndex(ns, r.dev) : undefined;
  if (dev && dev.up && !hasCarrier(world, ns, dev) && r.type !== 'local') flags.push('linkdown');
  return flags;
}

export interface RouteFields {
  type?: string;
  dst: string;
  gateway?: string;
  dev?: string;
  table?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  flags: string[];
}

/**
 * The fields iproute2 prints for one route; `showTable` when listing several
 * tables. Keys are added in print_route's order (type first, flags last),
 * which `ip -j` keeps.
 */
export function routeFields(world: World, ns: Netns, r: Route, showTable = false): RouteFields {
  const f = {} as RouteFields;
  if (r.type !== 'unicast') f.type = r.type;
  f.dst = dstText(r);
  if (r.gateway !== undefined) f.gateway = formatIp(r.gateway);
  if (r.dev !== undefined) f.dev = linkByIndex(ns, r.dev)?.name ?? `if${r.dev}`;
  if (showTable && r.table !== TABLE_MAIN) f.table = tableName(r.table);
  if (r.protocol !== 'boot') f.protocol = r.protocol;
  if (r.scope !== 'global') f.scope = r.scope;
  if (r.prefsrc !== undefined) f.prefsrc = formatIp(r.prefsrc);
  if (r.metric) f.metric = r.metric;
  f.flags = routeFlags(world, ns, r);
  return f;
}

export function formatRouteLine(f: RouteFields): string {
  let s = '';
  if (f.type) s += `${f.type} `;
  s += `${f.dst} `;
  if (f.gateway) s += `via ${f.gateway} `;
  if (f.dev) s += `dev ${f.dev} `;
  if (f.table) s += `table ${f.table} `;
  if (f.protocol) s += `proto ${f.protocol} `;
  if (f.scope) s += `scope ${f.scope} `;
  if (f.prefsrc) s += `src ${f.prefsrc} `;
  if (f.metric !== undefined) s += `metric ${f.metric} `;
  for (const fl of f.flags) s += `${fl} `;
  return `${s}\n`;
}

/** Routes of a table ('all' for every table, main first then the others as the kernel dumps them). */
export function selectRoutes(ns: Netns, table: number | 'all' = TABLE_MAIN): Route[] {
  if (table !== 'all') return ns.routes.filter((r) => r.table === table);
  const ids = [...new Set(ns.routes.map((r) => r.table))].sort((a, b) => (a === TABLE_MAIN ? -1 : b === TABLE_MAIN ? 1 : a - b));
  return ids.flatMap((t) => ns.routes.filter((r) => r.table === t));
}

export function formatIpRoute(world: World, ns: Netns, table: number | 'all' = TABLE_MAIN): string {
  return selectRoutes(ns, table).map((r) => formatRouteLine(routeFields(world, ns, r, table === 'all'))).join('');
}

export function ipRouteJson(world: World, ns: Netns, table: number | 'all' = TABLE_MAIN): RouteFields[] {
  return selectRoutes(ns, table).map((r) => routeFields(world, ns, r, table === 'all'));
}

export function formatIpRouteJson(world: World, ns: Netns, table: number | 'all' = TABLE_MAIN): string {
  return `${JSON.stringify(ipRouteJson(world, ns, table))}\n`;
}

/** `ip route get` answer text: fields, then "\n    cache " with RTCF flags and iif. */
export function formatRouteGet(a: RouteGetAnswer): string {
  let s = '';
  if (a.type !== 'unicast') s += `${a.type} `;
  s += `${formatIp(a.dst)} `;
  if (a.from !== undefined) s += `from ${formatIp(a.from)} `;
  if (a.gateway !== undefined) s += `via ${formatIp(a.gateway)} `;
  s += `dev ${a.dev} `;
  if (a.table !== undefined) s += `table ${tableName(a.table)} `;
  if (a.prefsrc !== undefined) s += `src ${formatIp(a.prefsrc)} `;
  if (a.uid !== undefined) s += `uid ${a.uid} `;
  s += '\n    cache ';
  if (a.cache.length) s += `<${a.cache.join(',')}> `;
  if (a.iif !== undefined) s += `iif ${a.iif} `;
  return `${s}\n`;
}

export function routeGetJson(a: RouteGetAnswer): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  if (a.type !== 'unicast') o.type = a.type;
  o.dst = formatIp(a.dst);
  if (a.from !== undefined) o.from = formatIp(a.from);
  if (a.gateway !== undefined) o.gateway = formatIp(a.gateway);
  o.dev = a.dev;
  if (a.table !== undefined) o.table = tableName(a.table);
  if (a.prefsrc !== undefined) o.prefsrc = formatIp(a.prefsrc);
  o.flags = [];
  if (a.uid !== undefined) o.uid = a.uid;
  o.cache = [...a.cache];
  if (a.iif !== undefined) o.iif = a.iif;
  return o;
}
