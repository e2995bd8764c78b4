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
  problems.push(...serviceViolations(s));
  return problems;
}

/**
 * Services: ClusterIPs and NodePorts are never shared; every Endpoints object
 * belongs to a service; each address is a pod of the service's namespace
 * with that IP, matching the selector, ready exactly when listed as ready.
 */
function serviceViolations(s: ClusterState): string[] {
  const problems: string[] = [];
  const ips = new Map<string, string>();
  const nodePorts = new Map<number, string>();
  for (const svc of s.services) {
    const id = `${svc.namespace}/${svc.name}`;
    // Headless ("None") and ExternalName ("") services hold no address.
    const other = svc.clusterIP === 'None' || svc.clusterIP === '' ? undefined : ips.get(svc.clusterIP);
    if (other) problems.push(`services ${other} and ${id} share ClusterIP ${svc.clusterIP}`);
    ips.set(svc.clusterIP, id);
    for (const p of svc.ports) {
      if (p.nodePort === undefined) continue;
      const o = nodePorts.get(p.nodePort);
      if (o) problems.push(`services ${o} and ${id} share NodePort ${p.nodePort}`);
      nodePorts.set(p.nodePort, id);
    }
  }
  for (const ep of s.endpoints) {
    const svc = s.services.find((x) => x.namespace === ep.namespace && x.name === ep.name);
    if (!svc) {
      problems.push(`endpoints ${ep.namespace}/${ep.name} have no service`);
      continue;
    }
    const keys = Object.keys(svc.selector);
    if (keys.length === 0) continue;
    const check = (addrs: typeof ep.addresses, ready: boolean) => {
      for (const a of addrs) {
        const pod = s.pods.find((p) => p.namespace === ep.namespace && p.name === a.targetRef?.name);
        const podReady = !!pod && pod.phase === 'Running' && pod.containers.every((c) => c.ready);
        if (!pod || pod.ip !== a.ip || !keys.every((k) => pod.labels[k] === svc.selector[k]) || podReady !== ready) {
          problems.push(`endpoints ${ep.namespace}/${ep.name} list ${a.ip} as ${ready ? 'ready' : 'not ready'}, which no such pod is`);
        }
      }
    };
    check(ep.addresses, true);
    check(ep.notReadyAddresses ?? [], false);
  }
  return problems;
}
