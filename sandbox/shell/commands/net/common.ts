/**
 * What the network tools share: finding the namespace the learner stands in,
 * deterministic "measured" times, and name lookup (DNS itself is in dns.ts).
 */
import { parseIp } from '../../../addr/ipv4';
import type { Engine } from '../../../engine';
import type { Netns } from '../../../model/netns';
import { fnv1a } from '../../../model/rng';
import type { World } from '../../../net/world';
import type { CommandContext, CompletionContext } from '../../types';
import { gethostbyaddr, getaddrinfo, hostsByAddr, resolverFor, type GaiError } from './dns';

export interface NetPlace {
  engine: Engine;
  /** Engine target (node name or namespace/pod). */
  target: string;
  ns: Netns;
  world: World;
}

/** The namespace of the current place, or null (no cluster, node or pod gone). */
export function netPlace(ctx: CommandContext): NetPlace | null {
  const engine = ctx.cluster;
  const target = ctx.place.netns;
  if (!engine || target === undefined) return null;
  const ns = engine.netns(target);
  if (!ns) return null;
  return { engine, target, ns, world: engine.state as unknown as World };
}

/** Printed when the place has no namespace any more (its node or pod is gone). */
export function noNetns(ctx: CommandContext, tool: string): number {
  ctx.io.err(`${tool}: Cannot open netlink socket: Protocol not supported\n`);
  return 1;
}

/** A uniform number in [0, 1) fixed by the seed and the given parts. */
export function jitter(seed: number, ...parts: Array<string | number>): number {
  return fnv1a(`${seed}|${parts.join('|')}`) / 4294967296;
}

/**
 * A round-trip time in microseconds for a path of `hops` namespaces of which
 * `wire` crossings go between nodes: ~40 us per veth hop, ~50 us more per
 * node-to-node crossing, ±30% jitter, the first probe slower (ARP, cold caches).
 */
export function rttMicros(seed: number, hops: number, wire: number, first: boolean, ...parts: Array<string | number>): number {
  const base = 25 + 20 * hops + 55 * wire;
  const j = 0.75 + 0.6 * jitter(seed, 'rtt', ...parts);
  return Math.max(5, Math.round(base * j * (first ? 1.6 : 1)));
}

/**
 * getaddrinfo() as the place's programs see it: IP literals, localhost,
 * /etc/hosts, and inside a pod the cluster DNS (net/dns.ts: the libc's
 * search-list walk, each query traced to the nameserver of resolv.conf).
 * Nodes and the laptop stop at /etc/hosts. `canonname` is what iputils ping
 * prints: the hosts line's first name or the name that answered.
 */
export function lookupHost(ctx: CommandContext, name: string): { ok: true; ip: string; canonname: string; numeric: boolean } | { ok: false; error: GaiError } {
  if (/^\d+(\.\d+){0,3}$/.test(name)) {
    const ip = parseIpLiteral(name);
    if (ip !== null) return { ok: true, ip, canonname: name, numeric: true };
  }
  if (name === 'localhost') return { ok: true, ip: '127.0.0.1', canonname: 'localhost', numeric: false };
  for (const line of hostsFile(ctx).split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/);
    if (fields.length >= 2 && fields.slice(1).includes(name) && parseIp(fields[0] as string) !== null) return { ok: true, ip: fields[0] as string, canonname: fields[1] as string, numeric: false };
  }
  if (ctx.place.kind === 'pod') {
    const r = resolverFor(ctx, hostsFile(ctx));
    if (r) {
      const a = getaddrinfo(r, name);
      if (a.ok && a.addresses[0] !== undefined) return { ok: true, ip: a.addresses[0], canonname: a.canonname, numeric: false };
      if (!a.ok) return a;
    }
  }
  return { ok: false, error: 'EAI_NONAME' };
}

/** Names this place can resolve: see lookupHost. */
export function resolveHost(ctx: CommandContext, name: string): string | null {
  const r = lookupHost(ctx, name);
  return r.ok ? r.ip : null;
}

/** The name getnameinfo() finds for an address (/etc/hosts, then a PTR query in a pod), or null. */
export function addressName(ctx: CommandContext, ip: string): string | null {
  const hosts = hostsFile(ctx);
  if (ctx.place.kind === 'pod') {
    const r = resolverFor(ctx, hosts);
    if (r) return gethostbyaddr(r, ip);
  }
  return hostsByAddr(hosts, ip)?.names[0] ?? null;
}

/** inet_aton-style literals ping and traceroute accept ("10.1" is 10.0.0.1). */
function parseIpLiteral(text: string): string | null {
  const parts = text.split('.').map(Number);
  if (parts.some((p) => !Number.isInteger(p) || p < 0)) return null;
  let value: number;
  if (parts.length === 4) {
    if (parts.some((p) => p > 255)) return null;
    value = ((parts[0]! << 24) | (parts[1]! << 16) | (parts[2]! << 8) | parts[3]!) >>> 0;
  } else if (parts.length === 3) {
    if (parts[0]! > 255 || parts[1]! > 255 || parts[2]! > 65535) return null;
    value = ((parts[0]! << 24) | (parts[1]! << 16) | parts[2]!) >>> 0;
  } else if (parts.length === 2) {
    if (parts[0]! > 255 || parts[1]! > 0xffffff) return null;
    value = ((parts[0]! << 24) | parts[1]!) >>> 0;
  } else {
    if (parts[0]! > 0xffffffff) return null;
    value = parts[0]! >>> 0;
  }
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** /etc/hosts as this place sees it (see files.ts). */
export function hostsFile(ctx: CompletionContext): string {
  const engine = ctx.cluster;
  if (ctx.place.kind === 'node' && engine && ctx.place.node) {
    const node = engine.nodes().find((n) => n.name === ctx.place.node);
    const gw = engine.state.network.gateway;
    const cp = engine.nodes()[0];
    let s = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nff00::0\tip6-mcastprefix\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n';
    if (node) s += `${node.internalIP}\t${node.name}\n`;
    s += `${gw}\thost.minikube.internal\n`;
    if (cp) s += `${cp.internalIP}\tcontrol-plane.minikube.internal\n`;
    return s;
  }
  if (ctx.place.kind === 'pod' && engine && ctx.place.pod) {
    const pod = engine.findPod(`${ctx.place.pod.namespace}/${ctx.place.pod.name}`);
    let s = '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n';
    if (pod?.ip) s += `${pod.ip}\t${pod.name}\n`;
    return s;
  }
  return '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';
}

/** Does `text` parse as a non-negative integer the way strtoul with base 0 would (no sign, no junk)? */
export function parseCount(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}
