/**
 * "Is this address mine?" per namespace, asked on every hop (ARP on a shared
 * segment asks it of every namespace there, NAT and reverse-path checks of the
 * current one). The answers are derived from `ns.routes` (table local, type
 * local: inet_addr_type) and `ns.addresses`, and kept in a side table keyed by
 * the namespace object, so the model stays plain data.
 *
 * The index is rebuilt when the routes' stamp changes (routes.ts bumps it on
 * every change) or when the addresses array is replaced or changes length
 * (addresses are only ever appended, or filtered into a new array).
 */
import type { Address, Netns, Route } from '../model/netns';
import { TABLE_LOCAL } from '../model/netns';
import { routesStamp, routesUnchanged, type RoutesStamp } from './routes';

interface LocalIndex {
  routes: RoutesStamp;
  addresses: Address[];
  addressesLength: number;
  /** Destinations of /32 local routes. */
  localHosts: Set<number>;
  /** Local routes covering more than one address (127.0.0.0/8, AnyIP). */
  localPrefixes: Route[];
  /** Addresses configured on any device. */
  configured: Set<number>;
}

const indexes = new WeakMap<Netns, LocalIndex>();

function build(ns: Netns): LocalIndex {
  const localHosts = new Set<number>();
  const localPrefixes: Route[] = [];
  for (const r of ns.routes) {
    if (r.table !== TABLE_LOCAL || r.type !== 'local') continue;
    if (r.mask === 0xffffffff) localHosts.add(r.net);
    else localPrefixes.push(r);
  }
  const configured = new Set<number>();
  for (const a of ns.addresses) configured.add(a.local >>> 0);
  const ix: LocalIndex = { routes: routesStamp(ns), addresses: ns.addresses, addressesLength: ns.addresses.length, localHosts, localPrefixes, configured };
  indexes.set(ns, ix);
  return ix;
}

function indexOf(ns: Netns): LocalIndex {
  const ix = indexes.get(ns);
  if (ix && routesUnchanged(ns, ix.routes) && ix.addresses === ns.addresses && ix.addressesLength === ns.addresses.length) return ix;
  return build(ns);
}

/** inet_addr_type(ip) == RTN_LOCAL: a `local` route in table local covers it. */
export function hasLocalRoute(ns: Netns, ip: number): boolean {
  const ix = indexOf(ns);
  const u = ip >>> 0;
  if (ix.localHosts.has(u)) return true;
  for (const r of ix.localPrefixes) if (((u & r.mask) >>> 0) === r.net) return true;
  return false;
}

/** Would this namespace answer ARP for `ip` (arp_ignore=0): configured on a device, or local by route. */
export function answersFor(ns: Netns, ip: number): boolean {
  return indexOf(ns).configured.has(ip >>> 0) || hasLocalRoute(ns, ip);
}
