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
import { removeRoutesWhere } from '../net/routes';
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
 * they all use, -1 when one has none, -2 when they disagree. Kept per routes
 * array: route changes replace the array (routes.ts), so between two passes
 * that changed nothing the map is reused as is.
 */
const mainGateways = new WeakMap<Route[], { length: number; byDst: Map<number, number> }>();

function gatewaysByDst(routes: Route[]): Map<number, number> {
  const hit = mainGateways.get(routes);
  if (hit && hit.length === routes.length) return hit.byDst;
  const byDst = new Map<number, number>();
  for (const r of routes) {
    if (r.table !== TABLE_MAIN) continue;
    const k = r.dst * 64 + r.dstLen;
    const gw = r.gateway ?? -1;
    const seen = byDst.get(k);
    byDst.set(k, seen === undefined || seen === gw ? gw : -2);
  }
  mainGateways.set(routes, { length: routes.length, byDst });
  return byDst;
}

/**
 * The state a pass last left clean: this routes array (and so these routes,
 * see routes.ts) and these peers with these addresses. A pass over the same
 * has nothing to do; kindnetd wakes every 10 s and almost always finds that.
 */
interface CleanPass { routes: Route[]; routesLength: number; self: string; nodes: NodeObj[]; podCIDRs: string[]; internalIPs: string[] }
const lastClean = new WeakMap<Netns, CleanPass>();

function stillClean(c: CleanPass | undefined, ns: Netns, self: NodeObj, nodes: NodeObj[]): boolean {
  if (!c || c.routes !== ns.routes || c.routesLength !== ns.routes.length || c.self !== self.name || c.nodes.length !== nodes.length) return false;
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!;
    if (n !== c.nodes[i] || n.podCIDR !== c.podCIDRs[i] || n.internalIP !== c.internalIPs[i]) return false;
  }
  return true;
}

/** One reconcile pass on `self`'s namespace; returns the routes it had to add. */
export function kindnetSyncRoutes(ns: Netns, self: NodeObj, nodes: NodeObj[]): string[] {
  const added: string[] = [];
  if (stillClean(lastClean.get(ns), ns, self, nodes)) return added;
  // A peer whose routes all go via its InternalIP (the steady state) needs
  // nothing: one map lookup. Others take syncRoute's path on the live table;
  // that only touches their own destination, so the map stays right for the
  // rest of the pass, except for a second peer with the same CIDR (touched).
  const byDst = gatewaysByDst(ns.routes);
  let touched: Set<number> | undefined;
  let clean = true;
  for (const node of nodes) {
    if (node.name === self.name || !node.podCIDR) continue;
    const { dst, dstLen, gw } = peerAddrs(node);
    const k = dst * 64 + dstLen;
    if (byDst.get(k) === gw && !touched?.has(k)) continue;
    if (touched?.has(k)) clean = false; // two peers claim one CIDR: they take turns, never settled
    (touched ??= new Set()).add(k);
    let found = false;
    removeRoutesWhere(ns, (r) => {
      if (r.table !== TABLE_MAIN || r.dst !== dst || r.dstLen !== dstLen) return false;
      if (r.gateway === gw) {
        found = true;
        return false;
      }
      return true; // "Removing invalid route"
    });
    if (!found) {
      const res = addRoute(ns, { dst: node.podCIDR, via: node.internalIP });
      if (!('error' in res)) added.push(node.podCIDR);
      else clean = false;
    }
  }
  // Every peer's destination now has only routes via its InternalIP, unless an add failed.
  if (clean) {
    lastClean.set(ns, {
      routes: ns.routes, routesLength: ns.routes.length, self: self.name, nodes,
      podCIDRs: nodes.map((n) => n.podCIDR), internalIPs: nodes.map((n) => n.internalIP),
    });
  }
  return added;
}

/** SyncRules' AppendUnique calls, as data in iptables-save order. */
export function ensureMasqRules(nat: IptablesTable, podSubnet: string): void {
  if (!nat.chains.some((c) => c.name === MASQ_CHAIN)) nat.chains.push({ name: MASQ_CHAIN });
  const want = [
    { chain: MASQ_CHAIN, spec: ['-d', podSubnet, '-m', 'comment', '--comment', 'kind-masq-agent: local traffic is not subject to MASQUERADE', '-j', 'RETURN'] },
    { chain: MASQ_CHAIN, spec: ['-m', 'comment', '--comment', 'kind-masq-agent: outbound traffic is subject to MASQUERADE (must be last in chain)', '-j', 'MASQUERADE'] },
    { chain: 'POSTROUTING', spec: ['-m', 'addrtype', '!', '--dst-type', 'LOCAL', '-m', 'comment', '--comment', 'kind-masq-agent: ensure nat POSTROUTING directs all non-LOCAL destination traffic to our custom KIND-MASQ-AGENT chain', '-j', MASQ_CHAIN] },
  ];
  const sameSpec = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  for (const w of want) {
    const exists = nat.rules.some((r) => r.chain === w.chain && sameSpec(r.spec, w.spec));
    if (!exists) nat.rules.push(w);
  }
}
