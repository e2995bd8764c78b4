import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import { linuxNetnsName } from '../../../sandbox/scenario/export-netns';

const demo = () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
};
const CP = 'multinode-demo';
const P0 = 'nginx-5844775f89-4nnwf';
const lines = (script: string) => script.split('\n');

describe('netns export: names', () => {
  it('maps the docker host, nodes and pods to prefixed netns names', () => {
    const x = demo().exportNetns({ prefix: 't-' });
    expect(x.names['docker-host']).toBe('t-host');
    expect(x.names[CP]).toBe('t-multinode-demo');
    expect(x.names[`default/${P0}`]).toBe(`t-default_${P0}`);
    expect(Object.keys(x.names)).toHaveLength(8);
  });
  it('keeps long names unique and short', () => {
    const a = linuxNetnsName('p-', `default/${'x'.repeat(120)}a`);
    const b = linuxNetnsName('p-', `default/${'x'.repeat(120)}b`);
    expect(a.length).toBeLessThanOrEqual(100);
    expect(a).not.toBe(b);
  });
  it('refuses a prefix that is not a safe file name', () => {
    expect(() => demo().exportNetns({ prefix: 'a b' })).toThrow(/prefix/);
    expect(() => demo().exportNetns({ prefix: '../x' })).toThrow(/prefix/);
  });
  it('refuses a link name the kernel would refuse (IFNAMSIZ)', () => {
    const e = demo();
    e.state.netns[CP]!.links.find((l) => l.name === 'docker0')!.name = 'docker0-is-too-long';
    expect(() => e.exportNetns({ prefix: 't-' })).toThrow(/not a valid Linux interface name/);
  });
});

describe('netns export: the setup script', () => {
  const x = demo().exportNetns({ prefix: 't-' });
  const setup = lines(x.setup);
  const at = (re: RegExp) => setup.findIndex((l) => re.test(l));

  it('is a POSIX sh script that stops at the first failure', () => {
    expect(setup[0]).toBe('#!/bin/sh');
    expect(setup).toContain('set -eu');
  });
  it('creates every namespace before anything else, then pins sysctls and netns ids', () => {
    expect(at(/^ip netns add t-host /)).toBeLessThan(at(/^ip netns exec t-host sh -c/));
    expect(setup.filter((l) => l.startsWith('ip netns add '))).toHaveLength(8);
    expect(setup.find((l) => l.startsWith(`ip netns exec t-${CP} sh -c`))).toContain('echo 1 > /proc/sys/net/ipv4/ip_forward');
    expect(setup.find((l) => l.startsWith(`ip netns exec t-default_${P0} sh -c`))).toContain('echo 0 > /proc/sys/net/ipv4/ip_forward');
    expect(setup).toContain(`ip -n t-${CP} netns set t-host 0`);
    expect(at(/netns set/)).toBeLessThan(at(/ link add /));
  });
  it('creates each veth pair once, with both names, MACs and ifindexes, in the peer namespace', () => {
    const pair = setup.find((l) => l.includes('peer name eth0') && l.includes(`netns t-default_${P0}`))!;
    expect(pair).toMatch(new RegExp(`^ip -n t-${CP} link add name veth[0-9a-f]{8} index \\d+ address [0-9a-f:]{17} mtu 1500 txqueuelen 1000 type veth peer name eth0 index 2 address [0-9a-f:]{17} mtu 1500 txqueuelen 1000 netns t-default_${P0}$`));
    expect(setup.filter((l) => / type veth /.test(l))).toHaveLength(3 + 4);
    expect(at(/^ip -n t-host link add name br-/)).toBeLessThan(at(/^ip -n t-host link add name veth/));
  });
  it('never adds a kernel route by hand: they come from the addresses', () => {
    expect(setup.filter((l) => / route add .*proto kernel/.test(l))).toEqual([]);
    expect(setup).toContain(`ip -n t-${CP} addr add 192.168.103.2/24 brd 192.168.103.255 scope global dev eth0`);
  });
  it("deletes the pod's connected /24 (ptp replaces it) before the route that takes its slot", () => {
    const del = at(new RegExp(`^ip -n t-default_${P0} route del 10\\.244\\.0\\.0/24 dev eth0 proto kernel scope link src 10\\.244\\.0\\.3$`));
    const add = at(new RegExp(`^ip -n t-default_${P0} route add 10\\.244\\.0\\.0/24 via 10\\.244\\.0\\.1 dev eth0 proto boot scope global src 10\\.244\\.0\\.3$`));
    const gw = at(new RegExp(`^ip -n t-default_${P0} route add 10\\.244\\.0\\.1/32 dev eth0 proto boot scope link src 10\\.244\\.0\\.3$`));
    expect(gw).toBeGreaterThan(0);
    expect(gw).toBeLessThan(del);
    expect(del).toBeLessThan(add);
  });
  it("loads the nodes' nat tables when iptables-restore is there", () => {
    expect(x.setup).toContain('if command -v iptables-restore >/dev/null 2>&1; then');
    expect(x.setup).toContain('-A KIND-MASQ-AGENT -d 10.244.0.0/16 -m comment --comment "kind-masq-agent: local traffic is not subject to MASQUERADE" -j RETURN');
    expect(demo().exportNetns({ prefix: 't-', iptables: false }).setup).not.toContain('iptables-restore');
  });
  it('takes links that are down down last, after their routes, so the kernel flushes them itself', () => {
    const e = demo();
    e.ipLinkSet('multinode-demo-m02', 'eth0', 'down');
    const s = lines(e.exportNetns({ prefix: 't-' }).setup);
    const down = s.indexOf('ip -n t-multinode-demo-m02 link set eth0 down');
    expect(down).toBeGreaterThan(s.findLastIndex((l) => / route (add|del) /.test(l)));
  });
  it('has a teardown that deletes every namespace and never fails', () => {
    expect(lines(x.teardown).filter((l) => /^ip netns del \S+ 2>\/dev\/null \|\| true$/.test(l))).toHaveLength(8);
  });
});
