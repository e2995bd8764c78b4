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
import { TABLE_MAIN, type Netns } from '../model/netns';
import { removeRoutesWhere } from '../net/routes';
import { addRoute } from '../net/mutate';

export const KINDNET_SYNC_INTERVAL_MS = 10_000;
export const MASQ_CHAIN = 'KIND-MASQ-AGENT';

/** One reconcile pass on `self`'s namespace; returns the routes it had to add. */
export function kindnetSyncRoutes(ns: Netns, self: NodeObj, nodes: NodeObj[]): string[] {
  const added: string[] = [];
  for (const node of nodes) {
    if (node.name === self.name || !node.podCIDR) continue;
    const dst = parsePrefix(node.podCIDR)!;
    const gw = parseIp(node.internalIP)!;
    let found = false;
    removeRoutesWhere(ns, (r) => {
      if (r.table !== TABLE_MAIN || r.dst !== dst.ip || r.dstLen !== dst.len) return false;
      if (r.gateway === gw) {
        found = true;
        return false;
      }
      return true; // "Removing invalid route"
    });
    if (!found) {
      const res = addRoute(ns, { dst: node.podCIDR, via: node.internalIP });
      if (!('error' in res)) added.push(node.podCIDR);
    }
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
  for (const w of want) {
    const exists = nat.rules.some((r) => r.chain === w.chain && r.spec.join('\u0000') === w.spec.join('\u0000'));
    if (!exists) nat.rules.push(w);
  }
}
