/**
 * Address add/delete with the routes the kernel creates for them
 * (net/ipv4/fib_frontend.c fib_add_ifaddr / fib_del_ifaddr): a `local` route
 * in table local, the subnet broadcast route, and the `proto kernel scope link`
 * prefix route in main, the latter two only while the device is up.
 *
 * The subnet broadcast route is added for any primary shorter than /31, with or
 * without `brd`. Modern kernels no longer add the network-address broadcast route, so neither
 * do we (the replica FIDELITY.md was checked on ran iproute2 6.1 on such a kernel).
 */
import { broadcastOf, networkOf, prefixContains } from '../addr/ipv4';
import type { Address, Netns } from '../model/netns';
import { linkByIndex, TABLE_LOCAL, TABLE_MAIN } from '../model/netns';
import { holdShape } from '../model/records';
import { insertRouteUnique, makeRoute, removeRoutesWhere } from './routes';
import { hasLocalRoute } from './local-index';

/** Kernel routes for one address (fib_add_ifaddr). */
export function addKernelRoutes(ns: Netns, a: Address): void {
  const link = linkByIndex(ns, a.ifindex);
  if (!link) return;
  const prim = a.secondary ? primaryFor(ns, a) ?? a : a;
  const src = prim.local;
  insertRouteUnique(ns, makeRoute({ table: TABLE_LOCAL, type: 'local', dst: a.local, dstLen: 32, dev: a.ifindex, protocol: 'kernel', scope: 'host', prefsrc: src }));
  if (!link.up) return;
  if (a.broadcast !== undefined && a.broadcast !== 0xffffffff) {
    insertRouteUnique(ns, makeRoute({ table: TABLE_LOCAL, type: 'broadcast', dst: a.broadcast, dstLen: 32, dev: a.ifindex, protocol: 'kernel', scope: 'link', prefsrc: src }));
  }
  const prefix = networkOf(a.local, a.prefixlen);
  if (prefix !== 0 && !a.secondary && (prefix !== a.local || a.prefixlen < 32)) {
    if (!a.noprefixroute) {
      const loop = link.kind === 'loopback';
      insertRouteUnique(ns, makeRoute({
        table: loop ? TABLE_LOCAL : TABLE_MAIN, type: loop ? 'local' : 'unicast', dst: prefix, dstLen: a.prefixlen,
        dev: a.ifindex, protocol: 'kernel', scope: loop ? 'host' : 'link', prefsrc: src,
      }));
    }
    // "Add network specific broadcasts, when it takes a sense": the subnet broadcast, even without brd.
    if (a.prefixlen < 31) {
      insertRouteUnique(ns, makeRoute({ table: TABLE_LOCAL, type: 'broadcast', dst: broadcastOf(a.local, a.prefixlen), dstLen: 32, dev: a.ifindex, protocol: 'kernel', scope: 'link', prefsrc: src }));
    }
  }
}

function primaryFor(ns: Netns, a: Address): Address | undefined {
  const addresses = ns.addresses;
  for (let i = 0; i < addresses.length; i++) {
    const x = addresses[i]!;
    if (x.ifindex === a.ifindex && !x.secondary && x.prefixlen === a.prefixlen && prefixContains(x.local, x.prefixlen, a.local)) return x;
  }
  return undefined;
}

/** The address with this local/prefixlen on the device, if any. */
function addressOn(ns: Netns, ifindex: number, local: number, prefixlen: number): Address | undefined {
  const addresses = ns.addresses;
  for (let i = 0; i < addresses.length; i++) {
    const x = addresses[i]!;
    if (x.ifindex === ifindex && x.local === local && x.prefixlen === prefixlen) return x;
  }
  return undefined;
}

export interface AddrSpec {
  local: number;
  prefixlen: number;
  /** undefined: none; 'auto' computes the subnet broadcast like `brd +`. */
  broadcast?: number | 'auto';
  scope?: Address['scope'];
  label?: string;
  noprefixroute?: boolean;
}

// Addresses' local and broadcast stay tagged (see holdShape), and so does the route source copied from them.
{
  const a: Record<string, unknown> = { ifindex: 0, local: null, prefixlen: 0, scope: 'global', label: '', secondary: false, noprefixroute: false };
  a.broadcast = null; // as addAddress adds it
  holdShape(a);
}

/** Add an address; false if the same local/prefixlen is already on the device (EEXIST). */
export function addAddress(ns: Netns, ifindex: number, spec: AddrSpec): boolean {
  const link = linkByIndex(ns, ifindex);
  if (!link) throw new Error(`no ifindex ${ifindex} in ${ns.name}`);
  if (addressOn(ns, ifindex, spec.local, spec.prefixlen)) return false;
  const a: Address = {
    ifindex,
    local: spec.local,
    prefixlen: spec.prefixlen,
    scope: spec.scope ?? 'global',
    label: spec.label ?? link.name,
    secondary: false,
    noprefixroute: spec.noprefixroute ?? false,
  };
  if (spec.broadcast === 'auto') a.broadcast = broadcastOf(spec.local, spec.prefixlen);
  else if (spec.broadcast !== undefined) a.broadcast = spec.broadcast;
  a.secondary = !!primaryFor(ns, a);
  // Primaries go before secondaries of the device; otherwise addresses keep insertion order.
  ns.addresses.push(a); // appended or filtered, never edited in place: see local-index.ts
  addKernelRoutes(ns, a);
  return true;
}

/** Delete an address and its kernel routes; false if absent (EADDRNOTAVAIL). */
export function deleteAddress(ns: Netns, ifindex: number, local: number, prefixlen: number): boolean {
  const a = ns.addresses.find((x) => x.ifindex === ifindex && x.local === local && x.prefixlen === prefixlen);
  if (!a) return false;
  // promote_secondaries defaults to 0: deleting a primary deletes its secondaries too.
  const doomed = a.secondary ? [a] : ns.addresses.filter((x) => x === a || (x.ifindex === ifindex && x.secondary && primaryFor(ns, x) === a));
  ns.addresses = ns.addresses.filter((x) => !doomed.includes(x));
  for (const d of doomed) {
    const stillLocal = ns.addresses.some((x) => x.local === d.local && x.ifindex === ifindex);
    removeRoutesWhere(ns, (r) => r.protocol === 'kernel' && r.dev === ifindex && (
      (!stillLocal && r.table === TABLE_LOCAL && r.type === 'local' && r.dst === d.local && r.dstLen === 32) ||
      (r.type === 'broadcast' && (r.dst === d.broadcast || r.dst === broadcastOf(d.local, d.prefixlen)) &&
        !ns.addresses.some((x) => x.ifindex === ifindex && (x.broadcast === r.dst || (x.prefixlen < 31 && broadcastOf(x.local, x.prefixlen) === r.dst)))) ||
      (r.prefsrc === d.local && r.dstLen === d.prefixlen && r.dst === networkOf(d.local, d.prefixlen) && r.type !== 'broadcast')
    ));
  }
  return true;
}

/** Is `ip` configured on any device of the namespace (inet_addr_type == RTN_LOCAL)? */
export function isLocalAddress(ns: Netns, ip: number): boolean {
  return hasLocalRoute(ns, ip);
}
