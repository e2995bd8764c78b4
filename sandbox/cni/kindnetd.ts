/**
 * kindnetd, the kindnet DaemonSet's agent (kubernetes-sigs/kind
 * images/kindnetd/cmd/kindnetd, 2022 version that minikube v1.27 ships):
 *  - for its own node it writes the CNI conflist;
 *  - for every other node it ensures `PODCIDR via INTERNAL_IP` in the main
 *    table (syncRoute: routes to that dst with another gateway are deleted,
 *    the wanted one added if missing; the kernel picks the device);
 *  - it never removes routes of nodes that left the cluster;
 *  - nat chain KIND-MASQ-AGENT: RETURN for the pod subnet, MASQUERADE for the
 *    rest, jumped to from POSTROUTING for non-LOCAL destinations.
 * The reconcile loop sleeps 10 s between passes.
 */
import { parseIp, parsePrefix } from '../addr/ipv4';
import type { IptablesTable, NodeObj } from '../model/cluster';
import { holdShape } from '../model/records';
import { TABLE_MAIN, type Netns, type Route } from '../model/netns';
import { mayHaveRouteTo, removeRoutesWhere, restamp, routesStamp, routesUnchanged, type RoutesStamp } from '../net/routes';
import { addRoute, addRouteVia } from '../net/mutate';

export const KINDNET_SYNC_INTERVAL_MS = 10_000;
export const MASQ_CHAIN = 'KIND-MASQ-AGENT';

/** A peer's pod CIDR and InternalIP as numbers, parsed once per node (rechecked against the strings); gw null if it does not parse. */
interface PeerAddrs { podCIDR: string; internalIP: string; dst: number; dstLen: number; gw: number | null }
const parsedPeers = new WeakMap<NodeObj, PeerAddrs>();
// A tagged gw (see holdShape): each of a peer's 99 routes then shares its gateway's number object.
holdShape({ podCIDR: '', internalIP: '', dst: 0, dstLen: 0, gw: null });

function peerAddrs(node: NodeObj): PeerAddrs {
  const hit = parsedPeers.get(node);
  if (hit && hit.podCIDR === node.podCIDR && hit.internalIP === node.internalIP) return hit;
  const dst = parsePrefix(node.podCIDR)!;
  const p = { podCIDR: node.podCIDR, internalIP: node.internalIP, dst: dst.ip, dstLen: dst.len, gw: parseIp(node.internalIP) };
  parsedPeers.set(node, p);
  return p;
}

/**
 * Main-table routes by destination (dst * 64 + prefix length) -> the gateway
 * they all use, -1 when one has none, -2 when they disagree.
 */
function gatewaysByDst(routes: Route[]): Map<number, number> {
  const byDst = new Map<number, number>();
  for (const r of routes) {
    if (r.table !== TABLE_MAIN) continue;
    const k = r.dst * 64 + r.dstLen;
    const gw = r.gateway ?? -1;
    const seen = byDst.get(k);
    byDst.set(k, seen === undefined || seen === gw ? gw : -2);
  }
  return byDst;
}

/** syncRoute for one peer: drop its CIDR's routes via another gateway, add the one via its InternalIP if missing. */
function syncPeer(ns: Netns, node: NodeObj, p: PeerAddrs, added: string[]): boolean {
  let found = false;
  removeRoutesWhere(ns, (r) => {
    if (r.table !== TABLE_MAIN || r.dst !== p.dst || r.dstLen !== p.dstLen) return false;
    if (r.gateway === p.gw) {
      found = true;
      return false;
    }
    return true; // "Removing invalid route"
  });
  if (found) return true;
  return addPeerRoute(ns, node, p, added);
}

/** The `ip route add PODCIDR via INTERNALIP` of syncRoute. */
function addPeerRoute(ns: Netns, node: NodeObj, p: PeerAddrs, added: string[]): boolean {
  // peerAddrs parsed both strings as addRoute would; a gateway that did not parse takes addRoute's own path to its error.
  const res = p.gw === null ? addRoute(ns, { dst: node.podCIDR, via: node.internalIP }) : addRouteVia(ns, p.dst, p.dstLen, p.gw);
  if ('error' in res) return false;
  added.push(node.podCIDR);
  return true;
}

/** A main-table route to the peer's CIDR, via any gateway or none. */
function hasMainRoute(ns: Netns, p: PeerAddrs): boolean {
  if (!mayHaveRouteTo(ns, p.dst)) return false;
  const routes = ns.routes;
  for (let i = 0; i < routes.length; i++) {
    const r = routes[i]!;
    if (r.dst === p.dst && r.dstLen === p.dstLen && r.table === TABLE_MAIN) return true;
  }
  return false;
}

/**
 * What a pass last left clean: these routes (stamp), and these peers, each of
 * whose CIDRs then had only routes via its InternalIP. kindnetd wakes every
 * 10 s and almost always finds nothing to do; when a node has joined, only the
 * new peers need looking at. A node's name, podCIDR and InternalIP never change
 * (model/cluster.ts), so the peers are compared by identity. One memo per
 * namespace, updated in place.
 */
interface CleanPass { routes: RoutesStamp; self: string; list: NodeObj[]; peers: NodeObj[]; checked: NodeListSpan | undefined }
const lastClean = new WeakMap<Netns, CleanPass>();

/**
 * A stretch of engine work during which nobody edits the node list in place
 * (advanceTo's event loop: its events change no node list). A memo checked
 * against the list once in a span holds for the rest of it, so the thousands
 * of passes while a cluster settles do not each compare every peer.
 */
export type NodeListSpan = object;

/** How many leading peers the memo vouches for, or -1 when it does not apply. */
function cleanPrefix(c: CleanPass | undefined, ns: Netns, self: NodeObj, nodes: NodeObj[], span: NodeListSpan | undefined): number {
  if (!c || c.self !== self.name || c.list !== nodes || nodes.length < c.peers.length || !routesUnchanged(ns, c.routes)) return -1;
  if (span === undefined || c.checked !== span) {
    for (let i = 0; i < c.peers.length; i++) if (nodes[i] !== c.peers[i]) return -1;
    c.checked = span;
  }
  return c.peers.length;
}

/** Record that the pass left `nodes` clean; the memo already holds nodes[0, from). */
function remember(ns: Netns, self: NodeObj, nodes: NodeObj[], clean: boolean, from: number, span: NodeListSpan | undefined): void {
  if (!clean) {
    lastClean.delete(ns);
    return;
  }
  let c = lastClean.get(ns);
  if (!c || from === 0) {
    c = { routes: routesStamp(ns), self: self.name, list: nodes, peers: nodes.slice(), checked: span };
    lastClean.set(ns, c);
    return;
  }
  restamp(ns, c.routes);
  for (let i = from; i < nodes.length; i++) c.peers.push(nodes[i]!);
}

/**
 * One reconcile pass on `self`'s namespace; returns the routes it had to add.
 * `span`: the caller vouches that `nodes` is not edited in place while it lasts (see NodeListSpan).
 */
export function kindnetSyncRoutes(ns: Netns, self: NodeObj, nodes: NodeObj[], span?: NodeListSpan): string[] {
  const added: string[] = [];
  const known = cleanPrefix(lastClean.get(ns), ns, self, nodes, span);
  if (known === nodes.length) return added;
  if (known >= 0) {
    // Peers up to `known` are settled and the routes have not changed since.
    // A new peer whose CIDR has no route at all shares it with no settled peer
    // (theirs all have one), so syncing it alone is what the full pass would
    // do; anything else (a leftover route, two peers on one CIDR) gets the full pass.
    let clean = true;
    let simple = true;
    for (let i = known; i < nodes.length && simple; i++) {
      const node = nodes[i]!;
      if (node.name === self.name || !node.podCIDR) continue;
      const p = peerAddrs(node);
      if (hasMainRoute(ns, p)) simple = false;
      else clean = addPeerRoute(ns, node, p, added) && clean; // syncPeer, with nothing to remove
    }
    if (simple) {
      remember(ns, self, nodes, clean, known, span);
      return added;
    }
  }
  // The full pass. A peer whose routes all go via its InternalIP needs nothing:
  // one map lookup. Others take syncRoute's path on the live table; that only
  // touches their own destination, so the map stays right for the rest of the
  // pass, except for a second peer with the same CIDR (touched).
  const byDst = gatewaysByDst(ns.routes);
  let touched: Set<number> | undefined;
  let clean = true;
  for (const node of nodes) {
    if (node.name === self.name || !node.podCIDR) continue;
    const p = peerAddrs(node);
    const k = p.dst * 64 + p.dstLen;
    if (byDst.get(k) === p.gw && !touched?.has(k)) continue;
    if (touched?.has(k)) clean = false; // two peers claim one CIDR: they take turns, never settled
    (touched ??= new Set()).add(k);
    clean = syncPeer(ns, node, p, added) && clean;
  }
  remember(ns, self, nodes, clean, 0, span);
  return added;
}

function masqRules(podSubnet: string): ReadonlyArray<{ chain: string; spec: readonly string[] }> {
  return [
    { chain: MASQ_CHAIN, spec: ['-d', podSubnet, '-m', 'comment', '--comment', 'kind-masq-agent: local traffic is not subject to MASQUERADE', '-j', 'RETURN'] },
    { chain: MASQ_CHAIN, spec: ['-m', 'comment', '--comment', 'kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)', '-j', 'MASQUERADE'] },
    { chain: 'POSTROUTING', spec: ['-m', 'addrtype', '!', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', 'kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain', '-j', MASQ_CHAIN] },
  ];
}

/** The wanted rules per pod subnet, built once: every pass (every 10 s per node) checks them. */
const wantedRules = new Map<string, ReturnType<typeof masqRules>>();

function sameSpec(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/*
 * Where the chain and each wanted rule were found last, in whichever node's
 * table: every node's nat table has the same layout, and a pass (every 10 s
 * per node) finds them where the previous one did. Only a first place to
 * look: what is there is checked in full, and a miss falls back to the scan.
 */
let chainSeenAt = 0;
const ruleSeenAt: number[] = [];

function hasChain(nat: IptablesTable, name: string): boolean {
  const chains = nat.chains;
  if (chains[chainSeenAt]?.name === name) return true;
  for (let i = 0; i < chains.length; i++) {
    if (chains[i]!.name === name) {
      chainSeenAt = i;
      return true;
    }
  }
  return false;
}

/** A rule of `chain` with this spec; `k` numbers the wanted rule for ruleSeenAt. */
function hasRule(nat: IptablesTable, chain: string, spec: readonly string[], k: number): boolean {
  const rules = nat.rules;
  const seen = rules[ruleSeenAt[k] ?? 0];
  if (seen && seen.chain === chain && sameSpec(seen.spec, spec)) return true;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    if (r.chain === chain && sameSpec(r.spec, spec)) {
      ruleSeenAt[k] = i;
      return true;
    }
  }
  return false;
}

/** SyncRules' AppendUnique calls, as data in iptables-save order. */
export function ensureMasqRules(nat: IptablesTable, podSubnet: string): void {
  if (!hasChain(nat, MASQ_CHAIN)) nat.chains.push({ name: MASQ_CHAIN });
  let want = wantedRules.get(podSubnet);
  if (!want) {
    want = masqRules(podSubnet);
    if (wantedRules.size >= 64) wantedRules.clear();
    wantedRules.set(podSubnet, want);
  }
  for (let k = 0; k < want.length; k++) {
    const w = want[k]!;
    if (!hasRule(nat, w.chain, w.spec, k)) nat.rules.push({ chain: w.chain, spec: [...w.spec] }); // each table owns its rules
  }
}
