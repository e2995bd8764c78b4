/**
 * The minikube docker driver's plumbing: a user-defined docker network (a
 * bridge `br-<id>` in the docker host holding the gateway .1) and, per node
 * container, a veth pair whose container end becomes the node's eth0.
 *
 * ifindex realism: docker creates the pair in the host namespace (the peer,
 * the future eth0, is registered first) and moves one end into the container;
 * the kernel keeps a moved device's ifindex when it is free there. Inside the
 * node, dockerd then creates docker0 from the namespace's own counter, and CNI
 * veths continue from it, skipping eth0's index.
 */
import { formatIp, macFromIp, parseIp, parsePrefix } from '../addr/ipv4';
import type { ClusterState, NodeObj } from '../model/cluster';
import { drawHex } from '../model/draws';
import { allocIfindex, createNetns, linkByName, netnsIdFor, releaseNetnsId, type Link, type Netns } from '../model/netns';
import { addAddress } from '../net/addresses';
import { removeLink } from '../net/link-state';
import { insertRoute, makeRoute } from '../net/routes';

export const DOCKER_HOST = 'docker-host';

const LOCALHOST = parseIp('127.0.0.1')!;

function loopback(ns: Netns): void {
  const lo: Link = { ifindex: allocIfindex(ns), name: 'lo', kind: 'loopback', mac: '00:00:00:00:00:00', mtu: 65536, up: true, qdisc: 'noqueue', group: 'default', qlen: 1000 };
  ns.links.push(lo);
  addAddress(ns, lo.ifindex, { local: LOCALHOST, prefixlen: 8, scope: 'host' });
}

export function createDockerHost(state: ClusterState): void {
  const ns = createNetns(DOCKER_HOST, 'host');
  loopback(ns);
  const net = parsePrefix(state.network.subnet)!;
  const br: Link = { ifindex: allocIfindex(ns), name: state.network.bridge, kind: 'bridge', mac: `02:42:${drawHex(state.draws, 'bootstrap', 4).match(/../g)!.join(':')}`, mtu: 1500, up: true, qdisc: 'noqueue', group: 'default', qlen: 0 };
  ns.links.push(br);
  addAddress(ns, br.ifindex, { local: parseIp(state.network.gateway)!, prefixlen: net.len, broadcast: 'auto' });
  // The docker host's uplink is not modelled: what it would send upstream is lost (silently).
  insertRoute(ns, makeRoute({ table: 254, type: 'blackhole', dst: 0, dstLen: 0, protocol: 'boot', scope: 'global' }));
  ns.sysctls['net.ipv4.ip_forward'] = 1;
  state.netns[DOCKER_HOST] = ns;
}

/** Creates the node container's namespace: lo, eth0 on the docker network, docker0. */
export function createNodeNetns(state: ClusterState, node: NodeObj): Netns {
  const host = state.netns[DOCKER_HOST]!;
  const ns = createNetns(node.name, 'node');
  loopback(ns);
  const ip = parseIp(node.internalIP)!;
  const net = parsePrefix(state.network.subnet)!;
  const contIndex = allocIfindex(host);
  const hostIndex = allocIfindex(host);
  const bridge = linkByName(host, state.network.bridge)!;
  const hostEnd: Link = {
    ifindex: hostIndex, name: `veth${drawHex(state.draws, 'net', 4).slice(0, 7)}`, kind: 'veth', mac: randomHostMac(state), mtu: 1500, up: true,
    peer: { netns: ns.name, ifindex: contIndex }, master: bridge.ifindex, qdisc: 'noqueue', group: 'default', qlen: 0,
  };
  host.links.push(hostEnd);
  const eth0: Link = {
    ifindex: contIndex, name: 'eth0', kind: 'veth', mac: macFromIp(ip), mtu: 1500, up: true,
    peer: { netns: host.name, ifindex: hostIndex }, qdisc: 'noqueue', group: 'default', qlen: 0,
  };
  ns.links.push(eth0);
  netnsIdFor(ns, host.name);
  netnsIdFor(host, ns.name);
  addAddress(ns, eth0.ifindex, { local: ip, prefixlen: net.len, broadcast: 'auto' });
  insertRoute(ns, makeRoute({ table: 254, type: 'unicast', dst: 0, dstLen: 0, gateway: parseIp(state.network.gateway)!, dev: eth0.ifindex, protocol: 'boot', scope: 'global' }));
  const docker0: Link = { ifindex: allocIfindex(ns), name: 'docker0', kind: 'bridge', mac: `02:42:${drawHex(state.draws, 'net', 4).match(/../g)!.join(':')}`, mtu: 1500, up: true, qdisc: 'noqueue', group: 'default', qlen: 0 };
  ns.links.push(docker0);
  addAddress(ns, docker0.ifindex, { local: parseIp('172.17.0.1')!, prefixlen: 16, broadcast: 'auto' });
  ns.sysctls['net.ipv4.ip_forward'] = 1; // dockerd enables forwarding
  ns.sysctls['net.ipv4.conf.all.rp_filter'] = 2;
  state.netns[ns.name] = ns;
  return ns;
}

function randomHostMac(state: ClusterState): string {
  const hex = drawHex(state.draws, 'net', 6);
  const first = ((parseInt(hex.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0');
  return [first, ...hex.slice(2).match(/../g)!].join(':');
}

/** The node container stops or is removed: its namespace and the host end of eth0 go away. */
export function destroyNodeNetns(state: ClusterState, nodeName: string): void {
  const ns = state.netns[nodeName];
  if (!ns) return;
  const host = state.netns[DOCKER_HOST]!;
  const eth0 = linkByName(ns, 'eth0');
  if (eth0?.peer) removeLink(host, eth0.peer.ifindex);
  releaseNetnsId(host, nodeName);
  delete state.netns[nodeName];
}

export function nodeIpFor(state: ClusterState, index: number): string {
  return formatIp(parsePrefix(state.network.subnet)!.ip + index + 2);
}

export function podNetnsName(namespace: string, pod: string): string {
  return `${namespace}/${pod}`;
}

export function createPodNetns(state: ClusterState, namespace: string, pod: string): Netns {
  const ns = createNetns(podNetnsName(namespace, pod), 'pod');
  loopback(ns);
  ns.sysctls['net.ipv4.conf.all.rp_filter'] = 2;
  state.netns[ns.name] = ns;
  return ns;
}
