/**
 * `ip route|addr|link` and `sysctl -w` changes with iproute2's and the
 * kernel's validation and exact error text. Arguments arrive as the strings a
 * command line carries; the shell only splits them into fields.
 */
import { parseIp, parsePrefix, maskOf } from '../addr/ipv4';
import type { Netns, Route, RouteType, Scope, Sysctls } from '../model/netns';
import { linkByIndex, linkByName, SCOPE_VALUE, TABLE_LOCAL, TABLE_MAIN } from '../model/netns';
import { addAddress, deleteAddress, isLocalAddress } from './addresses';
import { fibLookup } from './fib';
import { setLinkUp } from './link-state';
import { insertRoute, makeRoute, mayHaveRouteTo, removeRouteAt, removeRoutesWhere, replaceRouteAt } from './routes';

export type MutationResult = { ok: true } | { error: string };
const OK: MutationResult = { ok: true };
const err = (error: string): MutationResult => ({ error });

export interface RouteArgs {
  type?: string;
  /** A prefix, an address or `default`. */
  dst: string;
  via?: string;
  dev?: string;
  metric?: string | number;
  table?: string | number;
  scope?: string;
  src?: string;
  proto?: string;
  onlink?: boolean;
}

const ROUTE_TYPES: RouteType[] = ['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'];
const TABLE_NAMES: Record<string, number> = { local: TABLE_LOCAL, main: TABLE_MAIN, default: 253 };
const SCOPE_NAMES: Record<string, Scope> = { global: 'global', universe: 'global', site: 'site', link: 'link', host: 'host', nowhere: 'nowhere' };
const PROTO_NAMES = ['unspec', 'redirect', 'kernel', 'boot', 'static', 'gated', 'ra', 'mrt', 'zebra', 'bird', 'dnrouted', 'xorp', 'ntk', 'dhcp', 'keepalived', 'babel', 'bgp', 'isis', 'ospf', 'rip', 'eigrp'];

interface ParsedRoute {
  type: RouteType;
  typeGiven: boolean;
  dst: number;
  dstLen: number;
  gateway?: number;
  dev?: number;
  metric?: number;
  table: number;
  scope?: Scope;
  prefsrc?: number;
  protocol?: string;
  onlink: boolean;
}

function parseDst(text: string): { ip: number; len: number } | null {
  if (text === 'default' || text === 'all' || text === 'any') return { ip: 0, len: 0 };
  return parsePrefix(text, true);
}

function parseRouteArgs(ns: Netns, a: RouteArgs): ParsedRoute | { error: string } {
  let type: RouteType = 'unicast';
  if (a.type !== undefined) {
    if (!ROUTE_TYPES.includes(a.type as RouteType)) return { error: `Error: any valid prefix is expected rather than "${a.type}".` };
    type = a.type as RouteType;
  }
  const dst = parseDst(a.dst);
  if (!dst) return { error: `Error: any valid prefix is expected rather than "${a.dst}".` };
  if ((dst.ip & ~maskOf(dst.len)) !== 0) return { error: `Error: Invalid prefix for given prefix length.` };
  const out: ParsedRoute = { type, typeGiven: a.type !== undefined, dst: dst.ip, dstLen: dst.len, table: TABLE_MAIN, onlink: a.onlink ?? false };
  if (a.via !== undefined) {
    const gw = parseIp(a.via);
    if (gw === null) return { error: `Error: inet address is expected rather than "${a.via}".` };
    out.gateway = gw;
  }
  if (a.src !== undefined) {
    const s = parseIp(a.src);
    if (s === null) return { error: `Error: inet address is expected rather than "${a.src}".` };
    out.prefsrc = s;
  }
  if (a.metric !== undefined) {
    const m = Number(a.metric);
    if (!/^\d+$/.test(String(a.metric)) || m > 0xffffffff) return { error: `Error: argument "${a.metric}" is wrong: "metric" value is invalid` };
    out.metric = m;
  }
  if (a.table !== undefined) {
    const t = TABLE_NAMES[String(a.table)] ?? (/^\d+$/.test(String(a.table)) ? Number(a.table) : NaN);
    if (!Number.isInteger(t) || t < 0) return { error: `Error: argument "${a.table}" is wrong: "table" value is invalid` };
    out.table = t;
  } else if (type === 'local' || type === 'broadcast') {
    out.table = TABLE_LOCAL; // iproute2 puts these in table local unless told otherwise
  }
  if (a.scope !== undefined) {
    const s = SCOPE_NAMES[a.scope];
    if (!s) return { error: `Error: argument "${a.scope}" is wrong: invalid "scope" value` };
    out.scope = s;
  }
  if (a.proto !== undefined) {
    if (!PROTO_NAMES.includes(a.proto) && !/^\d+$/.test(a.proto)) return { error: `Error: argument "${a.proto}" is wrong: "protocol" value is invalid` };
    out.protocol = a.proto;
  }
  if (a.dev !== undefined) {
    const l = linkByName(ns, a.dev);
    if (!l) return { error: `Cannot find device "${a.dev}"` };
    out.dev = l.ifindex;
  }
  return out;
}

/** iproute2's default scope for `ip route add`: host for local, link for direct routes, else global. */
function defaultScope(p: ParsedRoute): Scope {
  if (p.type === 'local') return 'host';
  if (p.type === 'broadcast') return 'link';
  if (p.type === 'unicast' && p.gateway === undefined) return 'link';
  return 'global';
}

/** The kernel's fib_create_info / fib_check_nh validation; returns the resolved device. */
function buildRoute(ns: Netns, p: ParsedRoute): Route | { error: string } {
  const scope = p.scope ?? defaultScope(p);
  let dev = p.dev;
  const needsNexthop = p.type === 'unicast' || p.type === 'local' || p.type === 'broadcast';
  if (needsNexthop) {
    if (p.gateway !== undefined) {
      if (scope === 'host') return { error: 'Error: Route with host scope can not have a gateway.' };
      if (p.onlink) {
        if (dev === undefined) return { error: 'Error: Nexthop device required for onlink.' };
        if (!linkByIndex(ns, dev)!.up) return { error: 'Error: Nexthop device is not up.' };
      } else {
        // fib_check_nh_v4_gw: the gateway must be reachable by a route of narrower scope (link or host).
        const res = fibLookup(ns, { dst: p.gateway, scope: Math.max(SCOPE_VALUE[scope] + 1, SCOPE_VALUE.link), oif: dev });
        if (!res.ok || (res.route.type !== 'unicast' && res.route.type !== 'local')) return { error: 'Error: Nexthop has invalid gateway.' };
        const gwDev = res.route.type === 'local' ? dev ?? res.route.dev : res.route.dev;
        if (gwDev === undefined) return { error: 'Error: Nexthop has invalid gateway.' };
        dev = gwDev;
        if (!linkByIndex(ns, dev)!.up) return { error: 'Error: Nexthop device is not up.' };
      }
    } else {
      if (dev === undefined) return { error: 'RTNETLINK answers: No such device' };
      // fib_create_info takes a host-scope nexthop as it is (no fib_check_nh): a down device is fine.
      if (scope !== 'host' && !linkByIndex(ns, dev)!.up) return { error: 'Error: Device for nexthop is not up.' };
    }
    if (p.prefsrc !== undefined && !isLocalAddress(ns, p.prefsrc)) return { error: 'Error: Invalid prefsrc address.' };
  }
  // An undefined dev, gateway or prefsrc: the route has none.
  return makeRoute({
    table: p.table, type: p.type, dst: p.dst, dstLen: p.dstLen, protocol: p.protocol ?? 'boot', scope,
    metric: p.metric ?? 0, onlink: p.onlink,
    dev: needsNexthop ? dev : undefined, gateway: p.gateway, prefsrc: p.prefsrc,
  });
}

/** Same fib alias slot: table, prefix and priority (tos is always 0 here). */
function sameSlot(r: Route, p: { table: number; dst: number; dstLen: number; metric: number }): boolean {
  return r.dst === p.dst && r.dstLen === p.dstLen && r.table === p.table && r.metric === p.metric;
}

function addParsed(ns: Netns, p: ParsedRoute): MutationResult {
  const r = buildRoute(ns, p);
  if ('error' in r) return r;
  if (mayHaveRouteTo(ns, r.dst)) {
    const routes = ns.routes;
    for (let i = 0; i < routes.length; i++) if (sameSlot(routes[i]!, r)) return err('RTNETLINK answers: File exists');
  }
  insertRoute(ns, r);
  return OK;
}

export function addRoute(ns: Netns, a: RouteArgs): MutationResult {
  const p = parseRouteArgs(ns, a);
  if ('error' in p) return p;
  return addParsed(ns, p);
}

/**
 * `ip route add DST/LEN via GW` with the addresses already numbers, as kindnetd
 * adds a route to every other node (thousands while a 100-node cluster
 * builds): what addRoute does after parsing those two strings.
 */
export function addRouteVia(ns: Netns, dst: number, dstLen: number, gateway: number): MutationResult {
  if ((dst & ~maskOf(dstLen)) !== 0) return err('Error: Invalid prefix for given prefix length.');
  return addParsed(ns, { type: 'unicast', typeGiven: false, dst, dstLen, gateway, table: TABLE_MAIN, onlink: false });
}

export function replaceRoute(ns: Netns, a: RouteArgs): MutationResult {
  const p = parseRouteArgs(ns, a);
  if ('error' in p) return p;
  const r = buildRoute(ns, p);
  if ('error' in r) return r;
  const i = ns.routes.findIndex((x) => sameSlot(x, r));
  if (i >= 0) replaceRouteAt(ns, i, r);
  else insertRoute(ns, r);
  return OK;
}

export function delRoute(ns: Netns, a: RouteArgs): MutationResult {
  const p = parseRouteArgs(ns, a);
  if ('error' in p) return p;
  // fib_table_delete: first alias of the prefix that matches every attribute given.
  const i = ns.routes.findIndex((r) =>
    r.table === p.table && r.dst === p.dst && r.dstLen === p.dstLen &&
    (!p.typeGiven || r.type === p.type) &&
    (p.scope === undefined || r.scope === p.scope) &&
    (p.prefsrc === undefined || r.prefsrc === p.prefsrc) &&
    (p.protocol === undefined || r.protocol === p.protocol) &&
    (!p.metric || r.metric === p.metric) &&
    (p.dev === undefined || r.dev === p.dev) &&
    (p.gateway === undefined || r.gateway === p.gateway),
  );
  if (i < 0) return err('RTNETLINK answers: No such process');
  removeRouteAt(ns, i);
  return OK;
}

export interface FlushArgs {
  table?: string | number;
  dev?: string;
  /** Flush routes inside this prefix (`ip route flush 10.244.0.0/16`). */
  root?: string;
  proto?: string;
}

export function flushRoutes(ns: Netns, a: FlushArgs): MutationResult {
  if (a.table === undefined && a.dev === undefined && a.root === undefined && a.proto === undefined) return err('Flush requires arguments.');
  let table: number | 'all' = TABLE_MAIN;
  if (a.table !== undefined) {
    if (a.table === 'all') table = 'all';
    else {
      const t = TABLE_NAMES[String(a.table)] ?? (/^\d+$/.test(String(a.table)) ? Number(a.table) : NaN);
      if (!Number.isInteger(t)) return err(`Error: argument "${a.table}" is wrong: "table" value is invalid`);
      table = t;
    }
  }
  let dev: number | undefined;
  if (a.dev !== undefined) {
    const l = linkByName(ns, a.dev);
    if (!l) return err(`Cannot find device "${a.dev}"`);
    dev = l.ifindex;
  }
  let root: { ip: number; len: number } | undefined;
  if (a.root !== undefined) {
    const r = parseDst(a.root);
    if (!r) return err(`Error: any valid prefix is expected rather than "${a.root}".`);
    root = r;
  }
  removeRoutesWhere(ns, (r) =>
    (table === 'all' || r.table === table) &&
    (dev === undefined || r.dev === dev) &&
    (a.proto === undefined || r.protocol === a.proto) &&
    (!root || (r.dstLen >= root.len && ((r.dst & maskOf(root.len)) >>> 0) === ((root.ip & maskOf(root.len)) >>> 0))),
  );
  return OK;
}

export interface AddrArgs {
  /** "10.0.0.1/24" (a bare address means /32). */
  addr: string;
  dev?: string;
  broadcast?: string;
  scope?: string;
  label?: string;
  noprefixroute?: boolean;
}

export function addAddr(ns: Netns, a: AddrArgs): MutationResult {
  const p = parsePrefix(a.addr, true);
  if (!p) return err(`Error: any valid prefix is expected rather than "${a.addr}".`);
  if (a.dev === undefined) return err('Not enough information: "dev" argument is required.');
  const link = linkByName(ns, a.dev);
  if (!link) return err(`Cannot find device "${a.dev}"`);
  let broadcast: number | 'auto' | undefined;
  if (a.broadcast === '+') broadcast = 'auto';
  else if (a.broadcast !== undefined) {
    const b = parseIp(a.broadcast);
    if (b === null) return err(`Error: inet address is expected rather than "${a.broadcast}".`);
    broadcast = b;
  }
  let scope: Scope | undefined;
  if (a.scope !== undefined) {
    scope = SCOPE_NAMES[a.scope];
    if (!scope) return err(`Error: argument "${a.scope}" is wrong: invalid scope value.`);
  } else if ((p.ip >>> 24) === 127) scope = 'host'; // iproute2 defaults loopback addresses to scope host
  const added = addAddress(ns, link.ifindex, {
    local: p.ip, prefixlen: p.len,
    ...(broadcast !== undefined ? { broadcast } : {}),
    ...(scope ? { scope } : {}),
    ...(a.label ? { label: a.label } : {}),
    ...(a.noprefixroute ? { noprefixroute: true } : {}),
  });
  return added ? OK : err('RTNETLINK answers: File exists');
}

export function delAddr(ns: Netns, a: AddrArgs): MutationResult {
  const p = parsePrefix(a.addr, true);
  if (!p) return err(`Error: any valid prefix is expected rather than "${a.addr}".`);
  if (a.dev === undefined) return err('Not enough information: "dev" argument is required.');
  const link = linkByName(ns, a.dev);
  if (!link) return err(`Cannot find device "${a.dev}"`);
  // Without a prefix length iproute2 sends /32, which the kernel matches against any length.
  const candidate = ns.addresses.find((x) => x.ifindex === link.ifindex && x.local === p.ip && (a.addr.includes('/') ? x.prefixlen === p.len : true));
  if (!candidate) return err('RTNETLINK answers: Cannot assign requested address');
  deleteAddress(ns, link.ifindex, candidate.local, candidate.prefixlen);
  return OK;
}

export function setLink(ns: Netns, dev: string, state: 'up' | 'down'): MutationResult {
  const link = linkByName(ns, dev);
  if (!link) return err(`Cannot find device "${dev}"`);
  setLinkUp(ns, link, state === 'up');
  return OK;
}

export const SYSCTL_KEYS = ['net.ipv4.ip_forward', 'net.ipv4.conf.all.rp_filter'] as const;

export function setSysctl(ns: Netns, key: string, value: string): MutationResult {
  if (!(SYSCTL_KEYS as readonly string[]).includes(key)) {
    return err(`sysctl: cannot stat /proc/sys/${key.replace(/\./g, '/')}: No such file or directory`);
  }
  const allowed = key === 'net.ipv4.ip_forward' ? ['0', '1'] : ['0', '1', '2'];
  if (!allowed.includes(value.trim())) return err(`sysctl: setting key "${key}": Invalid argument`);
  (ns.sysctls as unknown as Record<string, number>)[key] = Number(value.trim());
  return OK;
}

export type { Sysctls };
