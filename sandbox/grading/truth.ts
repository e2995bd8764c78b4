/**
 * The correct answer, computed each time from the cluster as it is now
 * (routeGet, trace, objects). Nothing about the network is stored in a spec.
 */
import { formatIp, parseIp, parsePrefix, inPrefix } from '../addr/ipv4';
import { POD_SUBNET, SERVICE_SUBNET } from '../control/constants';
import type { Engine, RouteGetAnswer, Trace } from '../engine';
import type { NetworkClass } from './spec';
import type { Resolved } from './resolve';

export interface RouteFactTruth {
  kind: 'route-fact';
  /** The lookup failed (e.g. `RTNETLINK answers: Network is unreachable`). */
  error?: string;
  /** Next hop, or null for a directly connected destination. */
  via: string | null;
  dev: string;
  src: string | null;
  answer?: RouteGetAnswer;
}

/** One device the packet leaves or enters, in order. */
export interface PathPoint {
  /** Engine namespace name (`multinode-demo`, `default/nginx-...`). */
  netns: string;
  /** What to call it: the node name or the pod name. */
  label: string;
  nsKind: 'node' | 'pod' | 'host';
  dev: string;
  dir: 'out' | 'in';
  /** Addresses of the namespace (any of them names it). */
  ips: string[];
}

export interface PathTruth {
  kind: 'path';
  points: PathPoint[];
  /** Namespaces crossed, in order. */
  namespaces: PathPoint[];
  delivered: boolean;
  trace: Trace;
}

export interface PredictTruth {
  kind: 'predict';
  /** The ping gets a reply: the request arrives and the reply comes back. */
  arrives: boolean;
  /** Source address the destination sees (after any masquerade); null when the request does not arrive. */
  source: string | null;
  /** TTL ping prints for the reply; null without a reply. */
  ttl: number | null;
  /** Lines traceroute prints up to the destination; null when it never arrives. */
  hops: number | null;
  trace: Trace;
}

export interface ClassifyTruth { kind: 'classify'; ip: string; network: NetworkClass; cidr: string | null }

export interface FixItTruth { kind: 'fix-it'; reaches: boolean; trace: Trace }

export interface ChoiceTruth { kind: 'choice'; correct: string[] }

/** What kube-proxy's rules on the source's node do with the connection (grading/services.ts). */
export interface ServiceTruth { kind: 'service'; route: import('./services').ServiceRoute }

export type Truth = RouteFactTruth | PathTruth | PredictTruth | ClassifyTruth | FixItTruth | ChoiceTruth | ServiceTruth | import('./dns').DnsTruth;

export function routeFactTruth(engine: Engine, src: Resolved, dst: Resolved): RouteFactTruth {
  const a = engine.routeGet(src.netns!, dst.ip);
  if (!a.ok) return { kind: 'route-fact', error: a.message, via: null, dev: '', src: null };
  const from = a.prefsrc ?? a.from;
  return {
    kind: 'route-fact', via: a.gateway !== undefined ? formatIp(a.gateway) : null, dev: a.dev,
    src: from !== undefined ? formatIp(from) : null, answer: a,
  };
}

function label(engine: Engine, netns: string): { label: string; nsKind: PathPoint['nsKind'] } {
  const pod = netns.includes('/') ? engine.findPod(netns) : undefined;
  if (pod) return { label: pod.name, nsKind: 'pod' };
  const ns = engine.state.netns[netns];
  return { label: netns, nsKind: ns?.kind ?? 'node' };
}

function ipsOf(engine: Engine, netns: string): string[] {
  const ns = engine.state.netns[netns];
  if (!ns) return [];
  return [...new Set(ns.addresses.filter((a) => a.scope !== 'host').map((a) => formatIp(a.local)))];
}

export function pathTruth(engine: Engine, src: Resolved, dst: Resolved): PathTruth {
  const t = engine.trace({ from: src.netns!, to: dst.ip, reply: false });
  const points: PathPoint[] = [];
  const namespaces: PathPoint[] = [];
  const at = (netns: string, dev: string, dir: 'in' | 'out'): PathPoint => ({ netns, ...label(engine, netns), dev, dir, ips: ipsOf(engine, netns) });
  for (const h of t.hops) {
    if (h.ingress) points.push(at(h.netns, h.ingress, 'in'));
    if (h.egress && h.egress !== 'lo' && h.neighbour) points.push(at(h.netns, h.egress, 'out'));
    namespaces.push(at(h.netns, h.egress ?? h.ingress ?? '', h.ingress ? 'in' : 'out'));
  }
  return { kind: 'path', points, namespaces, delivered: t.verdict.kind === 'delivered', trace: t };
}

export function predictTruth(engine: Engine, src: Resolved, dst: Resolved): PredictTruth {
  const t = engine.trace({ from: src.netns!, to: dst.ip });
  const delivered = t.verdict.kind === 'delivered';
  const last = t.hops[t.hops.length - 1];
  const replied = delivered && t.reply?.verdict.kind === 'delivered';
  return {
    kind: 'predict',
    arrives: replied,
    source: delivered && last ? last.src : null,
    ttl: replied && t.reply && t.reply.verdict.kind === 'delivered' ? t.reply.verdict.ttl : null,
    hops: delivered ? Math.max(1, t.hops.length - 1) : null,
    trace: t,
  };
}

export function classifyTruth(engine: Engine, ip: string): ClassifyTruth {
  const addr = parseIp(ip);
  const nets: Array<[NetworkClass, string]> = [['service', SERVICE_SUBNET], ['pod', POD_SUBNET], ['node', engine.state.network.subnet]];
  for (const [network, cidr] of nets) {
    const p = parsePrefix(cidr);
    if (addr !== null && p && inPrefix(p, addr)) return { kind: 'classify', ip, network, cidr };
  }
  return { kind: 'classify', ip, network: 'none', cidr: null };
}

export function fixItTruth(engine: Engine, src: Resolved, dst: Resolved): FixItTruth {
  const t = engine.trace({ from: src.netns!, to: dst.ip });
  return { kind: 'fix-it', reaches: t.verdict.kind === 'delivered' && t.reply?.verdict.kind === 'delivered', trace: t };
}
