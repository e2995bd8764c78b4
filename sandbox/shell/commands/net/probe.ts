/**
 * Turning engine traces into what a probe tool observes: did a reply come
 * back, with which TTL, after how long, or which ICMP error arrived from
 * whom. Shared by ping and traceroute.
 */
import type { Engine, Trace } from '../../../engine';
import { STRERROR } from '../../../net/errno';
import { rttMicros } from './common';

export type ProbeResult =
  | { kind: 'reply'; from: string; ttl: number; rtt: number }
  | { kind: 'icmp'; type: 'net-unreachable' | 'host-unreachable' | 'admin-prohibited' | 'time-exceeded'; from: string; rtt: number }
  | { kind: 'silent' }
  | { kind: 'local-error'; message: string };

/** Which node each namespace sits on: a node is itself, a pod's netns its node's. */
function nodeOfNetns(engine: Engine): Map<string, string> {
  const m = new Map<string, string>();
  for (const n of engine.nodes()) m.set(n.name, n.name);
  for (const p of engine.pods()) if (p.netns) m.set(p.netns, p.node);
  return m;
}

/** Hops and node-to-node crossings of a trace (and its reply). */
function pathCost(engine: Engine, t: Trace, upTo?: number): { hops: number; wire: number } {
  const where = nodeOfNetns(engine);
  const count = (tr: Trace, limit?: number) => {
    const hops = tr.hops.slice(0, limit);
    let wire = 0;
    for (let i = 1; i < hops.length; i++) {
      const a = where.get(hops[i - 1]!.netns) ?? hops[i - 1]!.netns;
      const b = where.get(hops[i]!.netns) ?? hops[i]!.netns;
      if (a !== b) wire++;
    }
    return { hops: hops.length, wire };
  };
  const fwd = count(t, upTo);
  if (upTo === undefined && t.reply) {
    const back = count(t.reply);
    return { hops: fwd.hops + back.hops, wire: fwd.wire + back.wire };
  }
  // An ICMP error retraces the forward path.
  return { hops: fwd.hops * 2, wire: fwd.wire * 2 };
}

export interface ProbeQuery {
  from: string;
  to: string;
  proto: 'icmp' | 'udp';
  ttl?: number;
  port?: number;
  seed: number;
  /** Distinguishes the jitter of probes: seq, ttl, probe index, clock. */
  key: Array<string | number>;
  first: boolean;
}

export function probe(engine: Engine, q: ProbeQuery): ProbeResult {
  const t = engine.trace({ from: q.from, to: q.to, proto: q.proto, ...(q.ttl !== undefined ? { ttl: q.ttl } : {}), ...(q.port !== undefined ? { port: q.port } : {}) });
  const v = t.verdict;
  if (v.kind === 'local-error') return { kind: 'local-error', message: STRERROR[v.errno] };
  if (v.kind === 'dropped') return { kind: 'silent' };
  if (v.kind === 'icmp-error') {
    if (v.from === '0.0.0.0') return { kind: 'silent' };
    const idx = t.hops.findIndex((h) => h.netns === v.netns);
    const cost = pathCost(engine, t, idx < 0 ? undefined : idx + 1);
    // A port unreachable (kube-proxy's REJECT of a UDP probe) ends a traceroute as an answer from that host does.
    if (v.type === 'port-unreachable') return { kind: 'reply', from: v.from, ttl: 64 - Math.max(0, idx), rtt: rttMicros(q.seed, cost.hops, cost.wire, q.first, ...q.key) };
    return { kind: 'icmp', type: v.type, from: v.from, rtt: rttMicros(q.seed, cost.hops, cost.wire, q.first, ...q.key) };
  }
  const reply = t.reply;
  if (!reply || reply.verdict.kind !== 'delivered') return { kind: 'silent' };
  const cost = pathCost(engine, t);
  return { kind: 'reply', from: t.dst, ttl: reply.verdict.ttl, rtt: rttMicros(q.seed, cost.hops, cost.wire, q.first, ...q.key) };
}
