/**
 * The packet tracer: follows one packet hop by hop through the namespaces with
 * the same routing code `ip route get` uses, and returns what happened at each
 * hop. It formats nothing; ping, traceroute, curl and graders read the data.
 *
 * Per hop: namespace, ingress device, the route that matched and the routes
 * it beat, egress device, the neighbour that answered ARP, NAT, TTL. The end:
 * delivered, dropped (with the reason, silently as the kernel does) or an ICMP
 * error (with who sent it). A delivered packet gets a reply trace back.
 */
import { formatIp, parseIp } from '../addr/ipv4';
import type { IptablesTable } from '../model/cluster';
import type { Netns, Route } from '../model/netns';
import { linkByIndex } from '../model/netns';
import { isLocalAddress } from './addresses';
import type { Errno } from './errno';
import type { Candidate } from './fib';
import { hasCarrier } from './links';
import { postrouting } from './nat';
import { resolveNeighbour } from './neighbour';
import { routeInput, type IcmpUnreach } from './route-input';
import { routeOutput } from './route-output';
import type { World } from './world';

export interface TraceWorld extends World {
  iptables?: Record<string, { nat: IptablesTable }>;
}

export type Proto = 'icmp' | 'udp' | 'tcp';

export interface TraceQuery {
  /** Namespace the packet starts in. */
  from: string;
  to: string | number;
  proto?: Proto;
  port?: number;
  ttl?: number;
  src?: string | number;
  /** Trace the reply of a delivered packet (default true). */
  reply?: boolean;
}

export interface Hop {
  netns: string;
  ingress?: string;
  src: string;
  dst: string;
  /** TTL as the packet arrives here (for the first hop: as sent). */
  ttl: number;
  route?: Route;
  beaten: Candidate[];
  egress?: string;
  nexthop?: string;
  /** Who answered ARP for the next hop, or null when nobody did. */
  neighbour?: { ip: string; netns: string; dev: string } | null;
  nat?: { type: 'MASQUERADE' | 'un-NAT'; from: string; to: string; field: 'src' | 'dst' };
}

export type Verdict =
  | { kind: 'delivered'; netns: string; ttl: number }
  | { kind: 'dropped'; netns: string; reason: DropReason }
  | { kind: 'icmp-error'; type: IcmpUnreach | 'time-exceeded'; from: string; netns: string }
  /** The sender's own stack refused: nothing left the namespace (ping: "connect: ..."). */
  | { kind: 'local-error'; netns: string; errno: Errno };

export type DropReason =
  | 'forwarding-disabled'
  | 'blackhole'
  | 'rp-filter'
  | 'martian-source'
  | 'hop-limit'
  /** Refused with an ICMP error that never reaches the sender: no route back for it, or lost on the way. */
  | 'icmp-error-lost';

export interface Trace {
  proto: Proto;
  port?: number;
  src: string;
  dst: string;
  hops: Hop[];
  verdict: Verdict;
  reply?: Trace;
}

const MAX_HOPS = 64;

function ipOf(x: string | number): number {
  if (typeof x === 'number') return x;
  const ip = parseIp(x);
  if (ip === null) throw new Error(`not an IPv4 address: ${x}`);
  return ip;
}

interface Conntrack {
  [netns: string]: { orig: number; masq: number };
}

/**
 * An ICMP error from a router (icmp_send) is routed like any packet: with no
 * route back to `to` the kernel sends none, and one lost on the way never
 * reaches the sender. Returns the source address it carries when it arrives
 * in `sender`, else null.
 */
function icmpErrorArrives(world: TraceWorld, at: Netns, to: number, sender: Netns, ct: Conntrack, src?: number): number | null {
  if (at === sender) return to; // the sender's own stack reports it (a failed ARP)
  const r = routeOutput(at, { dst: to, ...(src !== undefined ? { src } : {}) });
  if (!r.ok) return null;
  const back = walk(world, at, { src: r.src, dst: to, ttl: 64 }, 'icmp', ct, true, false);
  return back.deliveredAt === sender ? r.src : null;
}

function walk(world: TraceWorld, startNs: Netns, pkt: { src?: number; dst: number; ttl: number }, proto: Proto, ct: Conntrack, isReply: boolean, errors = true): { trace: Omit<Trace, 'reply' | 'proto'>; deliveredAt?: Netns; finalSrc: number; finalDst: number } {
  const hops: Hop[] = [];
  let dst = pkt.dst;
  const out = routeOutput(startNs, { dst, ...(pkt.src !== undefined ? { src: pkt.src } : {}), explain: true });
  const first: Hop = { netns: startNs.name, src: formatIp(out.ok ? out.src : pkt.src ?? 0), dst: formatIp(dst), ttl: pkt.ttl, beaten: out.candidates ?? [] };
  if (out.route) first.route = out.route;
  hops.push(first);
  const done = (verdict: Verdict, src: number, deliveredAt?: Netns) => ({
    trace: { src: first.src, dst: first.dst, hops, verdict }, finalSrc: src, finalDst: dst, ...(deliveredAt ? { deliveredAt } : {}),
  });
  if (!out.ok) return done({ kind: 'local-error', netns: startNs.name, errno: out.errno }, 0);
  let src = out.src;
  if (out.type === 'local') {
    first.egress = 'lo';
    return done({ kind: 'delivered', netns: startNs.name, ttl: pkt.ttl }, src, startNs);
  }
  let ns = startNs;
  let hop = first;
  let ttl = pkt.ttl;
  let egress = out.dev;
  let nexthop = out.gateway ?? dst;
  /** An ICMP error from `at`; never one about an ICMP error (`errors` false). */
  const icmpError = (type: IcmpUnreach | 'time-exceeded', at: Netns) => {
    // A packet this router masqueraded (a failed ARP comes after POSTROUTING) carries the router's own
    // address: the error is addressed there, so it leaves from that address, and conntrack maps it
    // back to the original source.
    const natted = at !== startNs && ct[at.name]?.masq === src;
    const to = natted ? ct[at.name]!.orig : src;
    const from = errors ? icmpErrorArrives(world, at, to, startNs, ct, natted ? src : undefined) : null;
    if (from === null) return done({ kind: 'dropped', netns: at.name, reason: 'icmp-error-lost' }, src);
    return done({ kind: 'icmp-error', type, from: formatIp(from), netns: at.name }, src);
  };
  for (let n = 0; n < MAX_HOPS; n++) {
    const link = linkByIndex(ns, egress)!;
    hop.egress = link.name;
    hop.nexthop = formatIp(nexthop);
    // POSTROUTING: kindnet's (and docker's) masquerade rules.
    const nat = world.iptables?.[ns.name]?.nat;
    if (nat && !isReply) {
      const verdict = postrouting(nat, { src, dst, outDev: link.name, dstIsLocal: isLocalAddress(ns, dst) });
      if (verdict === 'MASQUERADE') {
        const masq = routeOutput(ns, { dst, oif: egress });
        const newSrc = masq.ok ? masq.src : src;
        if (newSrc !== src) {
          hop.nat = { type: 'MASQUERADE', field: 'src', from: formatIp(src), to: formatIp(newSrc) };
          ct[ns.name] = { orig: src, masq: newSrc };
          src = newSrc;
        }
      }
    }
    // Without carrier (the device down, a veth whose peer is down, a bridge without ports) the
    // kernel still resolves the next hop: going down flushed the neighbour cache, so ARP runs and
    // fails like any unanswered ARP.
    const rx = hasCarrier(world, ns, link) ? resolveNeighbour(world, ns, link, nexthop) : null;
    if (!rx) {
      hop.neighbour = null;
      // ARP failure: after 3 probes the sender reports Destination Host Unreachable (ICMP from a router).
      return icmpError('host-unreachable', ns);
    }
    hop.neighbour = { ip: formatIp(nexthop), netns: rx.ns.name, dev: rx.link.name };
    ns = rx.ns;
    let pdst = dst;
    const track = ct[ns.name];
    if (isReply && track && pdst === track.masq) {
      pdst = track.orig;
    }
    hop = { netns: ns.name, ingress: rx.link.name, src: formatIp(src), dst: formatIp(pdst), ttl, beaten: [] };
    if (pdst !== dst) {
      // conntrack reverses the masquerade before the routing decision (PREROUTING).
      hop.nat = { type: 'un-NAT', field: 'dst', from: formatIp(dst), to: formatIp(pdst) };
      dst = pdst;
    }
    hops.push(hop);
    const res = routeInput(ns, { dst: pdst, src, iif: rx.link.ifindex, explain: true });
    if ('candidates' in res && res.candidates) hop.beaten = res.candidates;
    if (res.kind === 'local') {
      hop.route = res.route;
      return { trace: { src: first.src, dst: first.dst, hops, verdict: { kind: 'delivered', netns: ns.name, ttl } }, deliveredAt: ns, finalSrc: src, finalDst: pdst };
    }
    if (res.kind === 'drop') return done({ kind: 'dropped', netns: ns.name, reason: res.reason }, src);
    if (res.kind === 'error') {
      if (res.route) hop.route = res.route;
      if (res.icmp) return icmpError(res.icmp, ns);
      const reason: DropReason = ns.sysctls['net.ipv4.ip_forward'] === 0 ? 'forwarding-disabled' : 'blackhole';
      return done({ kind: 'dropped', netns: ns.name, reason }, src);
    }
    hop.route = res.route;
    if (ttl <= 1) return icmpError('time-exceeded', ns);
    ttl -= 1;
    egress = res.dev;
    nexthop = res.gateway ?? pdst;
  }
  return done({ kind: 'dropped', netns: ns.name, reason: 'hop-limit' }, src);
}

export function trace(world: TraceWorld, q: TraceQuery): Trace {
  const ns = world.netns[q.from];
  if (!ns) throw new Error(`no network namespace ${q.from}`);
  const proto = q.proto ?? 'icmp';
  const ct: Conntrack = {};
  const fwd = walk(world, ns, { dst: ipOf(q.to), ttl: q.ttl ?? 64, ...(q.src !== undefined ? { src: ipOf(q.src) } : {}) }, proto, ct, false);
  const t: Trace = { proto, ...(q.port !== undefined ? { port: q.port } : {}), ...fwd.trace };
  if (fwd.deliveredAt && q.reply !== false && t.verdict.kind === 'delivered') {
    const back = walk(world, fwd.deliveredAt, { src: fwd.finalDst, dst: fwd.finalSrc, ttl: 64 }, proto, ct, true);
    t.reply = { proto, ...(q.port !== undefined ? { port: q.port } : {}), ...back.trace };
  }
  return t;
}
