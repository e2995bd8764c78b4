/**
 * The packet tracer: follows one packet hop by hop through the namespaces with
 * the same routing code `ip route get` uses, and returns what happened at each
 * hop. It formats nothing; ping, traceroute, curl and graders read the data.
 *
 * Per hop: namespace, ingress device, the route that matched and the routes
 * it beat, egress device, the neighbour that answered ARP, NAT, TTL. The end:
 * delivered, dropped (with the reason, silently as the kernel does) or an ICMP
 * error (with who sent it). A delivered packet gets a reply trace back.
 *
 * Netfilter, where a namespace has tables (the nodes), in the kernel's order
 * for a connection's first packet:
 *   sent from here:  route, nat OUTPUT (DNAT, then a new route for the new
 *                    destination), filter OUTPUT, ... nat POSTROUTING
 *   arriving:        nat PREROUTING (DNAT), route, then filter INPUT (local)
 *                    or the TTL check and filter FORWARD, ... nat POSTROUTING
 * A DROP is a silent drop; a REJECT sends its ICMP error back like any router's.
 * kube-proxy's statistic rules pick an endpoint per connection: the same seed,
 * source, source port and destination always give the same one. The reply is
 * not run through the tables: conntrack (net/conntrack.ts) reverses what NAT
 * did, the destination before routing and the source after it.
 */
import { formatIp, parseIp } from '../addr/ipv4';
import type { NodeIptables } from '../model/cluster';
import type { Netns, Route } from '../model/netns';
import { linkByIndex } from '../model/netns';
import { fnv1a } from '../model/rng';
import { isLocalAddress } from './addresses';
import { ctAdd, ctBySnatSource, ctReply, type ConntrackTable, type Tuple } from './conntrack';
import type { Errno } from './errno';
import type { Candidate } from './fib';
import { hasCarrier } from './links';
import { nfEvaluate, type NfEnv, type NfPacket, type NfVerdict } from './nat';
import { resolveNeighbour } from './neighbour';
import { routeInput, type IcmpUnreach } from './route-input';
import { routeOutput } from './route-output';
import type { World } from './world';

export interface TraceWorld extends World {
  iptables?: Record<string, NodeIptables>;
  /** Seeds kube-proxy's per-connection endpoint choice (the cluster's seed). */
  seed?: number;
  /** The virtual clock: a connection without a given source port gets one from the time it is made. */
  clock?: { now: number };
}

export type Proto = 'icmp' | 'udp' | 'tcp';

export interface TraceQuery {
  /** Namespace the packet starts in. */
  from: string;
  to: string | number;
  proto?: Proto;
  /** Destination port (tcp, udp). */
  port?: number;
  /** Source port (tcp, udp); by default an ephemeral port drawn from the seed, the endpoints and the clock. */
  sport?: number;
  ttl?: number;
  src?: string | number;
  /** Trace the reply of a delivered packet (default true). */
  reply?: boolean;
}

export interface NatRecord {
  type: 'MASQUERADE' | 'SNAT' | 'DNAT' | 'un-NAT';
  from: string;
  to: string;
  field: 'src' | 'dst';
  /** The port before and after, when the rewrite changed a tcp or udp port's address. */
  fromPort?: number;
  toPort?: number;
  /** The chain whose rule made the rewrite (a KUBE-SEP-... chain for kube-proxy's DNAT). */
  chain?: string;
}

export interface Hop {
  netns: string;
  ingress?: string;
  src: string;
  /** The destination as routed here (after a PREROUTING rewrite); on the first hop, as sent. */
  dst: string;
  /** TTL as the packet arrives here (for the first hop: as sent). */
  ttl: number;
  route?: Route;
  beaten: Candidate[];
  egress?: string;
  nexthop?: string;
  /** Who answered ARP for the next hop, or null when nobody did. */
  neighbour?: { ip: string; netns: string; dev: string } | null;
  /** The first address rewrite at this hop. */
  nat?: NatRecord;
  /** Every rewrite at this hop, in order, when there is more than one (DNAT on arrival, MASQUERADE on the way out). */
  nats?: NatRecord[];
  /** A filter-table rule that stopped the packet here. */
  filtered?: { table: 'filter'; chain: string; target: 'DROP' | 'REJECT' };
}

export type IcmpErrorType = IcmpUnreach | 'time-exceeded' | 'port-unreachable';

export type Verdict =
  /** `port`: the destination port as delivered (tcp, udp), after any DNAT. */
  | { kind: 'delivered'; netns: string; ttl: number; port?: number }
  | { kind: 'dropped'; netns: string; reason: DropReason }
  | { kind: 'icmp-error'; type: IcmpErrorType; from: string; netns: string }
  /** The sender's own stack refused: nothing left the namespace (ping: "connect: ..."). */
  | { kind: 'local-error'; netns: string; errno: Errno };

export type DropReason =
  | 'forwarding-disabled'
  | 'blackhole'
  | 'rp-filter'
  | 'martian-source'
  | 'hop-limit'
  /** A filter-table DROP (the hop's `filtered` says which chain). */
  | 'filtered'
  /** Refused with an ICMP error that never reaches the sender: no route back for it, or lost on the way. */
  | 'icmp-error-lost';

export interface Trace {
  proto: Proto;
  port?: number;
  /** The source port the connection used (tcp, udp). */
  sport?: number;
  src: string;
  dst: string;
  hops: Hop[];
  verdict: Verdict;
  reply?: Trace;
}

const MAX_HOPS = 64;
const EPHEMERAL_LOW = 32768;
/** net.ipv4.ip_local_port_range's default 32768-60999. */
const EPHEMERAL_COUNT = 60999 - 32768 + 1;

function ipOf(x: string | number): number {
  if (typeof x === 'number') return x;
  const ip = parseIp(x);
  if (ip === null) throw new Error(`not an IPv4 address: ${x}`);
  return ip;
}

/** fnv1a spread by murmur3's finaliser: nearby keys (ports one apart) give unrelated numbers. */
function mix(text: string): number {
  let h = fnv1a(text);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const hasPorts = (proto: Proto) => proto !== 'icmp';
const addrPort = (ip: number, port: number | undefined) => (port === undefined ? formatIp(ip) : `${formatIp(ip)}:${port}`);

/** Every address rewrite at a hop, in order (a hop keeps the first in `nat`, and all of them in `nats` once there are two). */
export function rewritesAt(hop: Hop): NatRecord[] {
  return hop.nats ?? (hop.nat ? [hop.nat] : []);
}

function addNat(hop: Hop, r: NatRecord): void {
  if (!hop.nat) {
    hop.nat = r;
    return;
  }
  hop.nats = [...(hop.nats ?? [hop.nat]), r];
}

function natRecord(type: NatRecord['type'], field: 'src' | 'dst', fromIp: number, fromPort: number | undefined, toIp: number, toPort: number | undefined, chain?: string): NatRecord {
  const r: NatRecord = { type, field, from: formatIp(fromIp), to: formatIp(toIp) };
  if (fromPort !== undefined && toPort !== undefined && fromPort !== toPort) {
    r.fromPort = fromPort;
    r.toPort = toPort;
  }
  if (chain) r.chain = chain;
  return r;
}

const REJECT_TYPES: Record<string, IcmpErrorType> = {
  'icmp-port-unreachable': 'port-unreachable',
  'icmp-net-unreachable': 'net-unreachable',
  'icmp-host-unreachable': 'host-unreachable',
  'icmp-admin-prohibited': 'admin-prohibited',
  'icmp-net-prohibited': 'admin-prohibited',
  'icmp-host-prohibited': 'admin-prohibited',
  // A TCP reset is not ICMP, but connect() fails the same way: Connection refused.
  'tcp-reset': 'port-unreachable',
};

interface WalkState {
  world: TraceWorld;
  proto: Proto;
  ct: ConntrackTable;
  isReply: boolean;
  /** An ICMP error about the connection (conntrack RELATED): translated back by any masquerade on its way. */
  related?: boolean;
}

/**
 * An ICMP error from a router (icmp_send) is routed like any packet: with no
 * route back to `to` the kernel sends none, and one lost on the way never
 * reaches the sender. Returns the source address it carries when it arrives
 * in `sender`, else null.
 */
function icmpErrorArrives(world: TraceWorld, at: Netns, to: number, sender: Netns, ct: ConntrackTable, src?: number): number | null {
  if (at === sender) return to; // the sender's own stack reports it (a failed ARP, a local REJECT)
  const r = routeOutput(at, { dst: to, ...(src !== undefined ? { src } : {}) });
  if (!r.ok) return null;
  const back = walk({ world, proto: 'icmp', ct, isReply: true, related: true }, at, { src: r.src, dst: to, ttl: 64 }, false);
  return back.deliveredAt === sender ? r.src : null;
}

interface WalkResult {
  trace: Omit<Trace, 'reply' | 'proto' | 'port' | 'sport'>;
  deliveredAt?: Netns;
  finalSrc: number;
  finalDst: number;
  finalSport?: number;
  finalDport?: number;
}

function walk(w: WalkState, startNs: Netns, pkt: { src?: number; dst: number; ttl: number; sport?: number; dport?: number }, errors = true): WalkResult {
  const { world, proto, ct, isReply } = w;
  const hops: Hop[] = [];
  let dst = pkt.dst;
  let sport = pkt.sport;
  let dport = pkt.dport;
  // A locally generated reply: conntrack restores the destination before routing.
  let unDnat: { src: number; sport?: number } | null = null;
  const start = isReply ? ctReply(ct, startNs.name, proto, { src: pkt.src ?? 0, dst, sport, dport }) : undefined;
  if (start?.snat) {
    dst = start.orig.src;
    dport = start.orig.sport;
  }
  if (start?.dnat) unDnat = { src: start.orig.dst, ...(start.orig.dport !== undefined ? { sport: start.orig.dport } : {}) };
  let out = routeOutput(startNs, { dst, ...(pkt.src !== undefined ? { src: pkt.src } : {}), explain: true });
  const first: Hop = { netns: startNs.name, src: formatIp(out.ok ? out.src : pkt.src ?? 0), dst: formatIp(pkt.dst), ttl: pkt.ttl, beaten: out.candidates ?? [] };
  if (out.route) first.route = out.route;
  hops.push(first);
  if (start?.snat) addNat(first, natRecord('un-NAT', 'dst', pkt.dst, pkt.dport, dst, dport));
  let src = out.ok ? out.src : 0;
  const done = (verdict: Verdict, deliveredAt?: Netns): WalkResult => ({
    trace: { src: first.src, dst: first.dst, hops, verdict }, finalSrc: src, finalDst: dst,
    ...(sport !== undefined ? { finalSport: sport } : {}), ...(dport !== undefined ? { finalDport: dport } : {}),
    ...(deliveredAt ? { deliveredAt } : {}),
  });
  const delivered = (ns: Netns, ttl: number): WalkResult => done({ kind: 'delivered', netns: ns.name, ttl, ...(dport !== undefined ? { port: dport } : {}) }, ns);
  if (!out.ok) return done({ kind: 'local-error', netns: startNs.name, errno: out.errno });

  let ns = startNs;
  let hop = first;
  let ttl = pkt.ttl;
  let mark = 0;
  /** The connection as it arrived in (or left) the current namespace, before any rewrite there. */
  let arrived: Tuple = { src, dst, sport, dport };
  let dnatHere = false;
  const seed = world.seed ?? 0;
  // One environment per namespace the packet is in (the statistic draws read `arrived` when they run).
  let envNs: Netns | undefined;
  let envHere: NfEnv | undefined;
  const env = (at: Netns): NfEnv => {
    if (envNs !== at || !envHere) {
      envNs = at;
      envHere = {
        isLocal: (ip) => isLocalAddress(at, ip),
        draw: (chain, index) => mix(`${seed}|${at.name}|${proto}|${arrived.src}:${arrived.sport ?? ''}>${arrived.dst}:${arrived.dport ?? ''}|${chain}|${index}`) & 0x7fffffff,
      };
    }
    return envHere;
  };
  const nfPacket = (inDev: string | undefined, outDev: string | undefined): NfPacket => ({ proto, src, dst, sport, dport, inDev, outDev, mark, dnat: dnatHere });
  /** A DNAT verdict: the rewrite is recorded on the hop, and the packet goes on to the new destination. */
  const takeDnat = (hop: Hop, v: { ip: number; port?: number; chain: string }) => {
    addNat(hop, natRecord('DNAT', 'dst', dst, dport, v.ip, v.port ?? dport, v.chain));
    dst = v.ip;
    if (v.port !== undefined && hasPorts(proto)) dport = v.port;
    dnatHere = true;
  };  /** A reply leaving (or delivered in) the namespace that DNATed its request gets the original address back as its source. */
  const undoDnat = (hop: Hop) => {
    if (!unDnat) return;
    addNat(hop, natRecord('un-NAT', 'src', src, sport, unDnat.src, unDnat.sport));
    src = unDnat.src;
    if (unDnat.sport !== undefined) sport = unDnat.sport;
    unDnat = null;
  };

  /** An ICMP error from `at`; never one about an ICMP error (`errors` false). */
  const icmpError = (type: IcmpErrorType, at: Netns) => {
    // A packet this router masqueraded (a failed ARP comes after POSTROUTING) carries the router's own
    // address: the error is addressed there, so it leaves from that address, and conntrack maps it
    // back to the original source.
    const masq = at !== startNs ? ctBySnatSource(ct, at.name, src) : undefined;
    const to = masq ? masq.orig.src : src;
    const from = errors ? icmpErrorArrives(world, at, to, startNs, ct, masq ? src : undefined) : null;
    if (from === null) return done({ kind: 'dropped', netns: at.name, reason: 'icmp-error-lost' });
    return done({ kind: 'icmp-error', type, from: formatIp(from), netns: at.name });
  };
  /** A filter-table verdict: null to go on. */
  const filtered = (v: NfVerdict, at: Netns, h: Hop): WalkResult | null => {
    if (v.kind === 'drop') {
      h.filtered = { table: 'filter', chain: v.chain, target: 'DROP' };
      return done({ kind: 'dropped', netns: at.name, reason: 'filtered' });
    }
    if (v.kind === 'reject') {
      h.filtered = { table: 'filter', chain: v.chain, target: 'REJECT' };
      return icmpError(REJECT_TYPES[v.with] ?? 'port-unreachable', at);
    }
    return null;
  };
  /** conntrack remembers what NAT did in `at`, so that the reply can be translated back. */
  const remember = (at: Netns, snat: boolean) => {
    if (!dnatHere && !snat) return;
    ctAdd(ct, at.name, {
      proto, orig: arrived, dnat: dnatHere, snat,
      reply: { src: dst, dst: src, ...(dport !== undefined ? { sport: dport } : {}), ...(sport !== undefined ? { dport: sport } : {}) },
    });
  };

  let egress = out.dev;
  let nexthop = out.gateway ?? dst;
  const tablesAt = (at: Netns) => (isReply ? undefined : world.iptables?.[at.name]);
  let tables = tablesAt(startNs);
  if (tables) {
    // nat OUTPUT: a DNAT here re-routes the packet (ip_route_me_harder), keeping its source address.
    const p = nfPacket(undefined, linkByIndex(startNs, egress)?.name);
    const v = nfEvaluate(tables.nat, 'OUTPUT', p, env(startNs));
    mark = p.mark;
    if (v.kind === 'dnat') {
      takeDnat(first, v);
      out = routeOutput(startNs, { dst, src });
      if (!out.ok) return done({ kind: 'local-error', netns: startNs.name, errno: out.errno });
      if (out.route) first.route = out.route;
      egress = out.dev;
      nexthop = out.gateway ?? dst;
    }
    if (tables.filter) {
      const f = nfEvaluate(tables.filter, 'OUTPUT', nfPacket(undefined, linkByIndex(startNs, egress)?.name), env(startNs));
      const stop = filtered(f, startNs, first);
      if (stop) return stop;
    }
  }
  if (out.type === 'local') {
    first.egress = 'lo';
    remember(startNs, false);
    if (unDnat) {
      addNat(first, natRecord('un-NAT', 'src', src, sport, unDnat.src, unDnat.sport));
      src = unDnat.src;
      if (unDnat.sport !== undefined) sport = unDnat.sport;
    }
    return delivered(startNs, pkt.ttl);
  }
  for (let n = 0; n < MAX_HOPS; n++) {
    const link = linkByIndex(ns, egress)!;
    hop.egress = link.name;
    hop.nexthop = formatIp(nexthop);
    // POSTROUTING: kube-proxy's, kindnet's and docker's masquerade rules.
    let snat = false;
    if (tables) {
      const p = nfPacket(undefined, link.name);
      const v = nfEvaluate(tables.nat, 'POSTROUTING', p, env(ns));
      mark = p.mark;
      let newSrc = src;
      if (v.kind === 'masquerade') {
        const masq = routeOutput(ns, { dst, oif: egress });
        if (masq.ok) newSrc = masq.src;
      } else if (v.kind === 'snat') newSrc = v.ip;
      if (newSrc !== src) {
        addNat(hop, natRecord(v.kind === 'snat' ? 'SNAT' : 'MASQUERADE', 'src', src, sport, newSrc, sport));
        src = newSrc;
        snat = true;
      }
    }
    remember(ns, snat);
    // conntrack's source translation of a reply, on the way out of the namespace that did the DNAT.
    undoDnat(hop);
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
    mark = 0; // the mark does not cross namespaces (veth: skb_scrub_packet)
    dnatHere = false;
    tables = tablesAt(ns);
    const arrivedDst = dst;
    const arrivedDport = dport;
    arrived = { src, dst, sport, dport };
    hop = { netns: ns.name, ingress: rx.link.name, src: formatIp(src), dst: formatIp(dst), ttl, beaten: [] };
    if (isReply) {
      const e = w.related ? ctBySnatSource(ct, ns.name, dst) : ctReply(ct, ns.name, proto, arrived);
      if (e?.snat) {
        // conntrack reverses the masquerade before the routing decision (PREROUTING).
        dst = e.orig.src;
        if (!w.related) dport = e.orig.sport;
        addNat(hop, natRecord('un-NAT', 'dst', arrivedDst, arrivedDport, dst, dport));
      }
      if (e?.dnat && !w.related) unDnat = { src: e.orig.dst, ...(e.orig.dport !== undefined ? { sport: e.orig.dport } : {}) };
    } else if (tables) {
      const p = nfPacket(rx.link.name, undefined);
      const v = nfEvaluate(tables.nat, 'PREROUTING', p, env(ns));
      mark = p.mark;
      if (v.kind === 'dnat') takeDnat(hop, v);
    }
    hop.dst = formatIp(dst);
    hops.push(hop);
    const res = routeInput(ns, { dst, src, iif: rx.link.ifindex, explain: true });
    if ('candidates' in res && res.candidates) hop.beaten = res.candidates;
    if (res.kind === 'local') {
      hop.route = res.route;
      if (tables?.filter) {
        const stop = filtered(nfEvaluate(tables.filter, 'INPUT', nfPacket(rx.link.name, undefined), env(ns)), ns, hop);
        if (stop) return stop;
      }
      remember(ns, false);
      undoDnat(hop);
      return delivered(ns, ttl);
    }
    if (res.kind === 'drop') return done({ kind: 'dropped', netns: ns.name, reason: res.reason });
    if (res.kind === 'error') {
      if (res.route) hop.route = res.route;
      if (res.icmp) return icmpError(res.icmp, ns);
      const reason: DropReason = ns.sysctls['net.ipv4.ip_forward'] === 0 ? 'forwarding-disabled' : 'blackhole';
      return done({ kind: 'dropped', netns: ns.name, reason });
    }
    hop.route = res.route;
    if (ttl <= 1) return icmpError('time-exceeded', ns);
    if (tables?.filter) {
      const outDev = linkByIndex(ns, res.dev)?.name;
      const stop = filtered(nfEvaluate(tables.filter, 'FORWARD', nfPacket(rx.link.name, outDev), env(ns)), ns, hop);
      if (stop) return stop;
    }
    ttl -= 1;
    egress = res.dev;
    nexthop = res.gateway ?? dst;
  }
  return done({ kind: 'dropped', netns: ns.name, reason: 'hop-limit' });
}

/** The ephemeral port a connect() without bind gets: drawn from the seed, the endpoints and the clock. */
function ephemeralPort(world: TraceWorld, from: string, to: number, port: number | undefined, proto: Proto): number {
  return EPHEMERAL_LOW + (mix(`${world.seed ?? 0}|${from}|${to}|${port ?? ''}|${proto}|${world.clock?.now ?? 0}`) % EPHEMERAL_COUNT);
}

export function trace(world: TraceWorld, q: TraceQuery): Trace {
  const ns = world.netns[q.from];
  if (!ns) throw new Error(`no network namespace ${q.from}`);
  const proto = q.proto ?? 'icmp';
  const ct: ConntrackTable = new Map();
  const to = ipOf(q.to);
  const ports = hasPorts(proto) && q.port !== undefined;
  const sport = ports ? q.sport ?? ephemeralPort(world, q.from, to, q.port, proto) : undefined;
  const fwd = walk({ world, proto, ct, isReply: false }, ns, {
    dst: to, ttl: q.ttl ?? 64, ...(q.src !== undefined ? { src: ipOf(q.src) } : {}),
    ...(ports ? { sport, dport: q.port } : {}),
  });
  const t: Trace = { proto, ...(q.port !== undefined ? { port: q.port } : {}), ...(sport !== undefined ? { sport } : {}), ...fwd.trace };
  if (fwd.deliveredAt && q.reply !== false && t.verdict.kind === 'delivered') {
    const back = walk({ world, proto, ct, isReply: true }, fwd.deliveredAt, {
      src: fwd.finalDst, dst: fwd.finalSrc, ttl: 64,
      ...(fwd.finalDport !== undefined ? { sport: fwd.finalDport } : {}), ...(fwd.finalSport !== undefined ? { dport: fwd.finalSport } : {}),
    });
    t.reply = { proto, ...(q.port !== undefined ? { port: q.port } : {}), ...(sport !== undefined ? { sport } : {}), ...back.trace };
  }
  return t;
}
