/**
 * Route resolution for locally generated packets, after
 * net/ipv4/route.c ip_route_output_key_hash_rcu.
 */
import type { Netns, Route } from '../model/netns';
import { linkByIndex, SCOPE_VALUE } from '../model/netns';
import { isLocalAddress } from './addresses';
import type { Errno } from './errno';
import { fibLookup, type Candidate } from './fib';
import { inetSelectAddr, routePrefsrc } from './source';

export interface OutputQuery {
  dst: number;
  src?: number;
  oif?: number;
  explain?: boolean;
}

export type OutputResult =
  | {
      ok: true;
      /** 'local' delivers inside the namespace (via lo); 'broadcast' too, plus the wire. */
      type: 'unicast' | 'local' | 'broadcast';
      route?: Route;
      table?: number;
      /** Egress device (lo for local delivery). */
      dev: number;
      gateway?: number;
      src: number;
      candidates?: Candidate[];
    }
  | { ok: false; errno: Errno; route?: Route; candidates?: Candidate[] };

const LOOPBACK_IFINDEX = 1;

export function routeOutput(ns: Netns, q: OutputQuery): OutputResult {
  if (q.src !== undefined && q.src !== 0 && !isLocalAddress(ns, q.src)) return { ok: false, errno: 'EINVAL' };
  if (q.oif !== undefined) {
    const dev = linkByIndex(ns, q.oif);
    if (!dev || !dev.up) return { ok: false, errno: 'ENETUNREACH' };
  }
  const res = fibLookup(ns, q.oif !== undefined ? { dst: q.dst, oif: q.oif } : { dst: q.dst }, q.explain ?? false);
  if (!res.ok) {
    if (q.oif !== undefined && res.errno === 'ENETUNREACH') {
      // "Apparently, routing tables are wrong. Assume, that the destination is on link."
      const src = q.src || inetSelectAddr(ns, q.oif, 0, SCOPE_VALUE.link) || 0;
      return { ok: true, type: 'unicast', dev: q.oif, src };
    }
    const out: OutputResult = { ok: false, errno: res.errno };
    if (res.route) out.route = res.route;
    if (res.candidates) out.candidates = res.candidates;
    return out;
  }
  const r = res.route;
  const base = { route: r, table: res.table, ...(res.candidates ? { candidates: res.candidates } : {}) };
  if (r.type === 'local') {
    const src = q.src || r.prefsrc || q.dst;
    return { ok: true, type: 'local', dev: LOOPBACK_IFINDEX, src, ...base };
  }
  const src = q.src || routePrefsrc(ns, r) || 0;
  const out: OutputResult = { ok: true, type: r.type === 'broadcast' ? 'broadcast' : 'unicast', dev: r.dev!, src, ...base };
  if (r.gateway !== undefined) out.gateway = r.gateway;
  return out;
}
