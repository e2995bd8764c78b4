/**
 * Plain-data network namespaces, shaped after what rtnetlink reports: links by
 * ifindex, IPv4 addresses, routes in numbered tables, neighbours and sysctls.
 * Everything is JSON-safe so a namespace snapshots with JSON.stringify.
 */
import type { Ip } from '../addr/ipv4';

export type NetnsKind = 'node' | 'pod' | 'host';
export type LinkKind = 'loopback' | 'veth' | 'bridge';

export interface PeerRef {
  netns: string;
  ifindex: number;
}

export interface Link {
  ifindex: number;
  name: string;
  kind: LinkKind;
  mac: string;
  mtu: number;
  /** IFF_UP, what `ip link set DEV up/down` toggles. */
  up: boolean;
  /** veth only: the other end (possibly in another namespace). */
  peer?: PeerRef;
  /** ifindex of the bridge this link is enslaved to. */
  master?: number;
  qdisc: string;
  group: string;
  /** tx_queue_len; iproute2 omits `qlen` when it is 0. */
  qlen: number;
}

export type Scope = 'global' | 'site' | 'link' | 'host' | 'nowhere';
/** Numeric values as in rtnetlink (RT_SCOPE_*): larger means narrower. */
export const SCOPE_VALUE: Record<Scope, number> = { global: 0, site: 200, link: 253, host: 254, nowhere: 255 };

export interface Address {
  ifindex: number;
  local: Ip;
  prefixlen: number;
  broadcast?: Ip;
  scope: Scope;
  label: string;
  /** IFA_F_SECONDARY: another primary already covers this subnet on the device. */
  secondary: boolean;
  noprefixroute: boolean;
}

export type RouteType = 'unicast' | 'local' | 'broadcast' | 'blackhole' | 'unreachable' | 'prohibit' | 'throw';

export const TABLE_LOCAL = 255;
export const TABLE_MAIN = 254;
export const TABLE_DEFAULT = 253;

export interface Route {
  table: number;
  type: RouteType;
  dst: Ip;
  dstLen: number;
  gateway?: Ip;
  /** ifindex of the egress device; absent for blackhole/unreachable/prohibit. */
  dev?: number;
  /** 'kernel' | 'boot' | 'static' | ... or a number, as iproute2 names them. */
  protocol: string;
  scope: Scope;
  prefsrc?: Ip;
  metric: number;
  onlink: boolean;
  /** Precomputed for the hot lookup path: dst & mask, and the mask. */
  net: number;
  mask: number;
}

export type NeighState = 'REACHABLE' | 'STALE' | 'FAILED' | 'PERMANENT';
export interface Neighbour {
  ifindex: number;
  ip: Ip;
  mac?: string;
  state: NeighState;
}

export interface Sysctls {
  'net.ipv4.ip_forward': 0 | 1;
  /** 0 off, 1 strict, 2 loose (RFC 3704). */
  'net.ipv4.conf.all.rp_filter': 0 | 1 | 2;
}

export interface Netns {
  name: string;
  kind: NetnsKind;
  links: Link[];
  addresses: Address[];
  routes: Route[];
  neighbours: Neighbour[];
  sysctls: Sysctls;
  /** The kernel's per-namespace ifindex counter (dev_new_index). */
  nextIfindex: number;
  /** Peer namespaces this one has assigned a netnsid to (peernet2id), by id. Changed only by netnsIdFor / releaseNetnsId. */
  nsids: Record<string, number>;
}

export function createNetns(name: string, kind: NetnsKind): Netns {
  return {
    name,
    kind,
    links: [],
    addresses: [],
    routes: [],
    neighbours: [],
    sysctls: { 'net.ipv4.ip_forward': 0, 'net.ipv4.conf.all.rp_filter': 0 },
    nextIfindex: 1,
    nsids: {},
  };
}

/**
 * Links by ifindex for namespaces with many (a node with 30 pods has 35), kept
 * beside the namespace and rebuilt when `links` is replaced or changes length:
 * links are only ever appended or filtered into a new array, and a link's
 * ifindex never changes.
 */
const linksByIndex = new WeakMap<Netns, { links: Link[]; length: number; map: Map<number, Link> }>();

export function linkByIndex(ns: Netns, ifindex: number): Link | undefined {
  const links = ns.links;
  // lo, eth0 and docker0 come first: most lookups end here without the map.
  const head = Math.min(links.length, 8);
  for (let i = 0; i < head; i++) if (links[i]!.ifindex === ifindex) return links[i];
  if (links.length <= 8) return undefined;
  let ix = linksByIndex.get(ns);
  if (!ix || ix.links !== links || ix.length !== links.length) {
    const map = new Map<number, Link>();
    for (const l of links) if (!map.has(l.ifindex)) map.set(l.ifindex, l); // the first, as a scan finds
    ix = { links, length: links.length, map };
    linksByIndex.set(ns, ix);
  }
  return ix.map.get(ifindex);
}

export function linkByName(ns: Netns, name: string): Link | undefined {
  for (const l of ns.links) if (l.name === name) return l;
  return undefined;
}

/** Allocate the next free ifindex like dev_new_index: counter, skipping taken ones. */
export function allocIfindex(ns: Netns): number {
  for (;;) {
    const i = ns.nextIfindex++;
    // A scan, not linkByIndex: the links are about to change, its map would be rebuilt for nothing.
    if (!ns.links.some((l) => l.ifindex === i)) return i;
  }
}

/**
 * How many peers hold each netnsid, per nsids object: the lowest free id
 * without enumerating the object (thousands of pods each take one on their
 * node). Built from the object on first use, then kept by netnsIdFor and
 * releaseNetnsId, which are the only writers of `nsids`.
 */
const idUse = new WeakMap<Record<string, number>, Map<number, number>>();

function idUseOf(nsids: Record<string, number>): Map<number, number> {
  let use = idUse.get(nsids);
  if (!use) {
    use = new Map();
    for (const peer in nsids) {
      const id = nsids[peer]!;
      use.set(id, (use.get(id) ?? 0) + 1);
    }
    idUse.set(nsids, use);
  }
  return use;
}

/**
 * The id this namespace uses for `peer` (IFLA_LINK_NETNSID). Like peernet2id_alloc,
 * the lowest id not in use is assigned on first need.
 */
export function netnsIdFor(ns: Netns, peer: string): number {
  const existing = ns.nsids[peer];
  if (existing !== undefined) return existing;
  const use = idUseOf(ns.nsids);
  let id = 0;
  while (use.has(id)) id++;
  ns.nsids[peer] = id;
  use.set(id, 1);
  return id;
}

/** The peer is gone: its id becomes free. */
export function releaseNetnsId(ns: Netns, peer: string): void {
  const id = ns.nsids[peer];
  if (id === undefined) return;
  delete ns.nsids[peer];
  const use = idUse.get(ns.nsids);
  if (!use) return;
  const left = (use.get(id) ?? 1) - 1;
  if (left > 0) use.set(id, left);
  else use.delete(id);
}
