/**
 * Every network namespace of the cluster as outside tools would read it: what
 * `ip -j addr`, `ip -j link` and `ip -j route show table all` print there, the
 * forwarding sysctl, and on nodes the nat table as `iptables-save -t nat`
 * prints it. Host-network pods share their node's namespace and are not listed.
 */
import type { Engine } from '../engine';
import { ipAddrJson, ipLinkJson } from '../shell/format/iproute2-link';
import { ipRouteJson } from '../shell/format/iproute2-route';
import { formatSave } from '../shell/format/iptables-save';

export interface NetnsDump {
  name: string;
  kind: 'node' | 'pod';
  /** The pod's Kubernetes namespace. */
  namespace?: string;
  node: string;
  addr: unknown[];
  link: unknown[];
  route: unknown[];
  sysctl: { 'net.ipv4.ip_forward': number };
  /** Nodes only. */
  iptables_nat?: string;
}

export function dumpNetns(engine: Engine, withIptables = true): NetnsDump[] {
  const world = engine.state;
  const out: NetnsDump[] = [];
  const entry = (name: string, nsName: string, kind: 'node' | 'pod', node: string, namespace?: string): NetnsDump | null => {
    const ns = world.netns[nsName];
    if (!ns) return null;
    return {
      name,
      kind,
      ...(namespace === undefined ? {} : { namespace }),
      node,
      addr: ipAddrJson(world, ns),
      link: ipLinkJson(world, ns),
      route: ipRouteJson(world, ns, 'all'),
      sysctl: { 'net.ipv4.ip_forward': Number(ns.sysctls['net.ipv4.ip_forward']) },
    };
  };
  for (const node of engine.nodes()) {
    const e = entry(node.name, node.name, 'node', node.name);
    if (!e) continue;
    const nat = engine.iptables(node.name)?.nat;
    if (withIptables && nat) e.iptables_nat = formatSave(nat, 'nat', engine.now);
    out.push(e);
  }
  for (const pod of engine.pods()) {
    if (pod.hostNetwork || !pod.netns) continue;
    const e = entry(pod.name, pod.netns, 'pod', pod.node, pod.namespace);
    if (e) out.push(e);
  }
  return out;
}
