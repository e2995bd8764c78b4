import { parseIp } from '../../../sandbox/addr/ipv4';
import { createNetns, type Link, type Netns } from '../../../sandbox/model/netns';
import { addAddress } from '../../../sandbox/net/addresses';

/** A namespace with lo and eth0 (a veth with no peer: up, but no carrier) carrying 10.0.0.2/24. */
export function testNs(): Netns {
  const ns = createNetns('t', 'node');
  const mk = (ifindex: number, name: string, kind: Link['kind']): Link => ({ ifindex, name, kind, mac: '02:00:00:00:00:0' + ifindex, mtu: 1500, up: true, qdisc: 'noqueue', group: 'default', qlen: 0 });
  ns.links.push(mk(1, 'lo', 'loopback'), mk(2, 'eth0', 'veth'), mk(3, 'eth1', 'veth'));
  ns.nextIfindex = 4;
  addAddress(ns, 1, { local: parseIp('127.0.0.1')!, prefixlen: 8, scope: 'host' });
  addAddress(ns, 2, { local: parseIp('10.0.0.2')!, prefixlen: 24, broadcast: 'auto' });
  addAddress(ns, 3, { local: parseIp('10.1.0.2')!, prefixlen: 24, broadcast: 'auto' });
  return ns;
}

export const world = (ns: Netns) => ({ netns: { [ns.name]: ns } });
export const ip = (s: string) => parseIp(s)!;
