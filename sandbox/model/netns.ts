/**
 * Plain-data network namespaces, shaped after what rtnetlink reports: links by
 * ifindex, IPv4 addresses, routes in numbered tables, neighbours and sysctls.
 * Everything is JSON-safe so a namespace snapshots with JSON.stringify.
 */
import type { Ip } from '../addr/ipv4';
import { manyKeyRecord } from './records';

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
    // A pod's namespace knows one peer, its node; a node one per pod, the docker host one per node.
    nsids: kind === 'pod' ? {} : manyKeyRecord<number>(),
  };
}

/**
 * Links by ifindex and by name for namespaces with many (a node with 30 pods
 * has 35), kept beside the namespace: links are only ever appended or
 * filtered into a new array, and a link's ifindex and name never change. So a
 * replaced array is indexed anew, and a longer one only has its new tail added
 * (each pod start appends a veth to its node, and looks the node's links up
 * right after); the link that was last is checked to be still in place, a
 * cheap guard against an array edited some other way.
 */
interface LinkIndex {
  links: Link[];
  length: number;
  last: Link | undefined;
  byIndex: Map<number, Link>;
  byName: Map<string, Link>;
}

const linkIndexes = new WeakMap<Netns, LinkIndex>();

/** lo, eth0 and docker0 come first: most lookups end within this many links, without the maps. */
const LINK_SCAN = 8;

function linkIndexOf(ns: Netns): LinkIndex {
  const links = ns.links;
  let ix = linkIndexes.get(ns);
  if (!ix || ix.links !== links || ix.length > links.length || (ix.length > 0 && links[ix.length - 1] !== ix.last)) {
    ix = { links, length: 0, last: undefined, byIndex: new Map(), byName: new Map() };
    linkIndexes.set(ns, ix);
  }
  if (ix.length !== links.length) {
    for (let i = ix.length; i < links.length; i++) {
      const l = links[i]!;
      // The first of each, as a scan finds.
      if (!ix.byIndex.has(l.ifindex)) ix.byIndex.set(l.ifindex, l);
      if (!ix.byName.has(l.name)) ix.byName.set(l.name, l);
    }
    ix.length = links.length;
    ix.last = links[links.length - 1];
  }
  return ix;
}

export function linkByIndex(ns: Netns, ifindex: number): Link | undefined {
  const links = ns.links;
  const head = Math.min(links.length, LINK_SCAN);
  for (let i = 0; i < head; i++) if (links[i]!.ifindex === ifindex) return links[i];
  if (links.length <= LINK_SCAN) return undefined;
  return linkIndexOf(ns).byIndex.get(ifindex);
}

export function linkByName(ns: Netns, name: string): Link | undefined {
  const links = ns.links;
  const head = Math.min(links.length, LINK_SCAN);
  for (let i = 0; i < head; i++) if (links[i]!.name === name) return links[i];
  if (links.length <= LINK_SCAN) return undefined;
  return linkIndexOf(ns).byName.get(name);
}

/** Allocate the next free ifindex like dev_new_index: counter, skipping taken ones. */
export function allocIfindex(ns: Netns): number {
  for (;;) {
    const i = ns.nextIfindex++;
    if (!linkByIndex(ns, i)) return i;
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

/** An object with no own enumerable key: a pod's namespace, whose one peer (its node) takes id 0. */
function isEmpty(nsids: Record<string, number>): boolean {
  for (const _ in nsids) return false;
  return true;
}

/**
 * The id this namespace uses for `peer` (IFLA_LINK_NETNSID). Like peernet2id_alloc,
 * the lowest id not in use is assigned on first need.
 */
export function netnsIdFor(ns: Netns, peer: string): number {
  const existing = ns.nsids[peer];
  if (existing !== undefined) return existing;
  // The first peer of a namespace gets 0 without a count of ids being made; one is made when a second comes.
  if (!idUse.has(ns.nsids) && isEmpty(ns.nsids)) {
    ns.nsids[peer] = 0;
    return 0;
  }
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
