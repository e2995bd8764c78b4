/**
 * Route resolution for a received packet, after net/ipv4/route.c
 * ip_route_input_slow, including reverse-path validation (fib_validate_source)
 * and what ip_error does with the error routes it installs.
 */
import type { Netns, Route } from '../model/netns';
import { isLocalAddress } from './addresses';
import type { Errno } from './errno';
import { fibLookup, type Candidate } from './fib';

export interface InputQuery {
  dst: number;
  src: number;
  iif: number;
  explain?: boolean;
}

/** ICMP destination-unreachable codes the kernel sends from ip_error. */
export type IcmpUnreach = 'net-unreachable' | 'host-unreachable' | 'admin-prohibited';

export type InputResult =
  | { kind: 'local'; route: Route; broadcast: boolean; candidates?: Candidate[] }
  | { kind: 'forward'; route: Route; table: number; dev: number; gateway?: number; candidates?: Candidate[] }
  /** The lookup fails: `ip route get ... iif` prints errno; the packet gets `icmp` or a silent drop. */
  | { kind: 'error'; errno: Errno; icmp?: IcmpUnreach; route?: Route; candidates?: Candidate[] }
  /** Dropped before routing completes (martian or reverse-path failure): no ICMP. */
  | { kind: 'drop'; reason: 'martian-source' | 'rp-filter' };

function icmpFor(errno: Errno): IcmpUnreach | undefined {
  switch (errno) {
    case 'EHOSTUNREACH': return 'host-unreachable';
    case 'ENETUNREACH': return 'net-unreachable';
    case 'EACCES': return 'admin-prohibited';
    default: return undefined; // EINVAL (blackhole): silently discarded
  }
}

/** fib_validate_source: 0 = accept, else the reason the packet is dropped. */
export function validateSource(ns: Netns, src: number, iif: number): null | 'martian-source' | 'rp-filter' {
  const rpf = ns.sysctls['net.ipv4.conf.all.rp_filter'];
  if (rpf === 0) return isLocalAddress(ns, src) ? 'martian-source' : null;
  const back = fibLookup(ns, { dst: src });
  if (!back.ok) return 'rp-filter';
  if (back.route.type === 'local') return 'martian-source';
  if (back.route.type !== 'unicast') return 'rp-filter';
  if (back.route.dev === iif) return null;
  return rpf === 1 ? 'rp-filter' : null;
}

export function routeInput(ns: Netns, q: InputQuery): InputResult {
  if (q.src === 0 || (q.src >>> 24) === 127 || (q.src >>> 28) === 14) return { kind: 'drop', reason: 'martian-source' };
  const forwarding = ns.sysctls['net.ipv4.ip_forward'] === 1;
  const res = fibLookup(ns, { dst: q.dst }, q.explain ?? false);
  const cand = res.candidates ? { candidates: res.candidates } : {};
  if (!res.ok) {
    const errno: Errno = forwarding ? res.errno : 'EHOSTUNREACH';
    const out: InputResult = { kind: 'error', errno, ...cand };
    if (res.route) out.route = res.route;
    // ip_error: with forwarding off on the ingress device nothing is sent back.
    const icmp = forwarding ? icmpFor(errno) : undefined;
    if (icmp) out.icmp = icmp;
    return out;
  }
  const r = res.route;
  if (r.type === 'local' || r.type === 'broadcast') {
    const bad = validateSource(ns, q.src, q.iif);
    if (bad) return { kind: 'drop', reason: bad };
    return { kind: 'local', route: r, broadcast: r.type === 'broadcast', ...cand };
  }
  if (!forwarding) return { kind: 'error', errno: 'EHOSTUNREACH', route: r, ...cand };
  const bad = validateSource(ns, q.src, q.iif);
  if (bad) return { kind: 'drop', reason: bad };
  const out: InputResult = { kind: 'forward', route: r, table: res.table, dev: r.dev!, ...cand };
  if (r.gateway !== undefined) out.gateway = r.gateway;
  return out;
}
