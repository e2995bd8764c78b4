/**
 * Preferred source address selection, net/ipv4/devinet.c inet_select_addr:
 * the first primary address of the device whose scope is within `scope`,
 * preferring one on the same subnet as `dst`; failing that, the first
 * suitable non-link-scope primary on any device, lo first.
 */
import { prefixContains } from '../addr/ipv4';
import type { Netns, Route } from '../model/netns';
import { SCOPE_VALUE } from '../model/netns';

const HOST = SCOPE_VALUE.host;

export function inetSelectAddr(ns: Netns, ifindex: number | undefined, dst: number, scope: number): number | undefined {
  let addr: number | undefined;
  if (ifindex !== undefined) {
    for (const a of ns.addresses) {
      if (a.ifindex !== ifindex || a.secondary) continue;
      if (Math.min(SCOPE_VALUE[a.scope], HOST) > scope) continue;
      if (!dst || prefixContains(a.local, a.prefixlen, dst)) return a.local;
      if (addr === undefined) addr = a.local;
    }
    if (addr !== undefined) return addr;
  }
  for (const l of ns.links) {
    for (const a of ns.addresses) {
      if (a.ifindex !== l.ifindex || a.secondary) continue;
      if (a.scope !== 'link' && Math.min(SCOPE_VALUE[a.scope], HOST) <= scope) return a.local;
    }
  }
  return undefined;
}

/** FIB_RES_PREFSRC: the route's prefsrc, else selection on its device toward its gateway. */
export function routePrefsrc(ns: Netns, r: Route): number | undefined {
  if (r.prefsrc !== undefined) return r.prefsrc;
  return inetSelectAddr(ns, r.dev, r.gateway ?? 0, SCOPE_VALUE[r.scope]);
}
