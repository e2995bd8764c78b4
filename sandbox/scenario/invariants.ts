/**
 * What must hold in any cluster state, whatever the learner typed: no two
 * pods share an address, every pod address lies in its node's pod CIDR, and
 * every veth's peer points back at it. Returns what is violated (empty when
 * all is well), so tests and fuzzers can say exactly what broke.
 */
import { parseIp, parsePrefix, prefixContains } from '../addr/ipv4';
import type { ClusterState } from '../model/cluster';

export function invariantViolations(s: ClusterState): string[] {
  const problems: string[] = [];
  const seen = new Map<string, string>();
  for (const p of s.pods) {
    if (p.hostNetwork || !p.ip) continue;
    const other = seen.get(p.ip);
    if (other) problems.push(`pods ${other} and ${p.namespace}/${p.name} share ${p.ip}`);
    seen.set(p.ip, `${p.namespace}/${p.name}`);
    const node = s.nodes.find((n) => n.name === p.node);
    const cidr = node ? parsePrefix(node.podCIDR) : null;
    const ip = parseIp(p.ip);
    if (!cidr || ip === null || !prefixContains(cidr.ip, cidr.len, ip)) problems.push(`pod ${p.namespace}/${p.name} has ${p.ip}, outside ${node?.podCIDR ?? 'its missing node'}`);
  }
  for (const ns of Object.values(s.netns)) {
    for (const l of ns.links) {
      if (l.kind !== 'veth') continue;
      const peer = l.peer ? s.netns[l.peer.netns]?.links.find((x) => x.ifindex === l.peer?.ifindex) : undefined;
      if (!peer || peer.peer?.netns !== ns.name || peer.peer.ifindex !== l.ifindex) problems.push(`veth ${ns.name}/${l.name} has no peer pointing back at it`);
    }
  }
  return problems;
}
