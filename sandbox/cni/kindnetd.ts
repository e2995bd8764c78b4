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
import { TABLE_MAIN, type Netns, type Route } from '../model/netns';
import { removeRoutesWhere, routesStamp, routesUnchanged, type RoutesStamp } from '../net/routes';
import { addRoute } from '../net/mutate';

export const KINDNET_SYNC_INTERVAL_MS = 10_000;
export const MASQ_CHAIN = 'KIND-MASQ-AGENT';

/** A peer's pod CIDR and InternalIP as numbers, parsed once per node (rechecked against the strings). */
interface PeerAddrs { podCIDR: string; internalIP: string; dst: number; dstLen: number; gw: number }
const parsedPeers = new WeakMap<NodeObj, PeerAddrs>();

function peerAddrs(node: NodeObj): PeerAddrs {
  const hit = parsedPeers.get(node);
  if (hit && hit.podCIDR === node.podCIDR && hit.internalIP === node.internalIP) return hit;
  const dst = parsePrefix(node.podCIDR)!;
  const p = { podCIDR: node.podCIDR, internalIP: node.internalIP, dst: dst.ip, dstLen: dst.len, gw: parseIp(node.internalIP)! };
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
  const res = addRoute(ns, { dst: node.podCIDR, via: node.internalIP });
  if ('error' in res) return false;
  added.push(node.podCIDR);
  return true;
}

/**
 * What a pass last left clean: these routes (stamp), and these peers, each of
 * whose CIDRs then had only routes via its InternalIP. kindnetd wakes every
 * 10 s and almost always finds nothing to do; when a node has joined, only the
 * new peers need looking at. A node's name, podCIDR and InternalIP never change
 * (model/cluster.ts), so the peers are compared by identity. One memo per
 * namespace, updated in place.
 */
interface CleanPass { routes: RoutesStamp; self: string; list: NodeObj[]; peers: NodeObj[] }
const lastClean = new WeakMap<Netns, CleanPass>();

/** How many leading peers the memo vouches for, or -1 when it does not apply. */
function cleanPrefix(c: CleanPass | undefined, ns: Netns, self: NodeObj, nodes: NodeObj[]): number {
  if (!c || c.self !== self.name || c.list !== nodes || nodes.length < c.peers.length || !routesUnchanged(ns, c.routes)) return -1;
  for (let i = 0; i < c.peers.length; i++) if (nodes[i] !== c.peers[i]) return -1;
  return c.peers.length;
}

/** Record that the pass left `nodes` clean; the memo already holds nodes[0, from). */
function remember(ns: Netns, self: NodeObj, nodes: NodeObj[], clean: boolean, from: number): void {
  if (!clean) {
    lastClean.delete(ns);
    return;
  }
  let c = lastClean.get(ns);
  if (!c || from === 0) {
    c = { routes: routesStamp(ns), self: self.name, list: nodes, peers: nodes.slice() };
    lastClean.set(ns, c);
    return;
  }
  c.routes = routesStamp(ns);
  for (let i = from; i < nodes.length; i++) c.peers.push(nodes[i]!);
}

/** One reconcile pass on `self`'s namespace; returns the routes it had to add. */
export function kindnetSyncRoutes(ns: Netns, self: NodeObj, nodes: NodeObj[]): string[] {
  const added: string[] = [];
  const known = cleanPrefix(lastClean.get(ns), ns, self, nodes);
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
      if (ns.routes.some((r) => r.table === TABLE_MAIN && r.dst === p.dst && r.dstLen === p.dstLen)) simple = false;
      else clean = syncPeer(ns, node, p, added) && clean;
    }
    if (simple) {
      remember(ns, self, nodes, clean, known);
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
  remember(ns, self, nodes, clean, 0);
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

/** SyncRules' AppendUnique calls, as data in iptables-save order. */
export function ensureMasqRules(nat: IptablesTable, podSubnet: string): void {
  if (!nat.chains.some((c) => c.name === MASQ_CHAIN)) nat.chains.push({ name: MASQ_CHAIN });
  let want = wantedRules.get(podSubnet);
  if (!want) {
    want = masqRules(podSubnet);
    if (wantedRules.size >= 64) wantedRules.clear();
    wantedRules.set(podSubnet, want);
  }
  for (const w of want) {
    let exists = false;
    for (const r of nat.rules) {
      if (r.chain === w.chain && sameSpec(r.spec, w.spec)) {
        exists = true;
        break;
      }
    }
    if (!exists) nat.rules.push({ chain: w.chain, spec: [...w.spec] }); // each table owns its rules
  }
}
