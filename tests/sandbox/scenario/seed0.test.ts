import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import { formatIpAddr } from '../../../sandbox/shell/format/iproute2-link';
import { formatIpRoute, formatRouteGet } from '../../../sandbox/shell/format/iproute2-route';

let e: Engine;
beforeAll(() => {
  e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
});

describe('seed 0 reproduces the article', () => {
  it('nodes: names, IPs, pod CIDRs, ages at the demo moment', () => {
    expect(e.nodes().map((n) => [n.name, n.internalIP, n.podCIDR, (e.now - n.createdAt) / 1000])).toEqual([
      ['multinode-demo', '192.168.103.2', '10.244.0.0/24', 595],
      ['multinode-demo-m02', '192.168.103.3', '10.244.1.0/24', 552],
      ['multinode-demo-m03', '192.168.103.4', '10.244.2.0/24', 528],
    ]);
    expect(e.nodes()[0]).toMatchObject({ kubeletVersion: 'v1.25.2', osImage: 'Ubuntu 20.04.5 LTS', kernelVersion: '4.15.0-193-generic', containerRuntime: 'docker://20.10.18', roles: ['control-plane'] });
  });
  it('nginx pods: names, addresses and nodes', () => {
    expect(e.pods('default').map((p) => [p.name, p.ip, p.node])).toEqual([
      ['nginx-5844775f89-4nnwf', '10.244.0.3', 'multinode-demo'],
      ['nginx-5844775f89-9ptln', '10.244.2.2', 'multinode-demo-m03'],
      ['nginx-5844775f89-r6tkk', '10.244.1.2', 'multinode-demo-m02'],
    ]);
  });
  it('coredns has the first pod address on the control plane', () => {
    expect(e.pods('kube-system').find((p) => p.name.startsWith('coredns-565d847f94-'))?.ip).toBe('10.244.0.2');
  });
  it('services kubernetes and kube-dns exist with their endpoints', () => {
    expect(e.services().map((s) => [s.name, s.clusterIP, s.ports.map((p) => `${p.port}/${p.protocol}`).join(',')])).toEqual([
      ['kubernetes', '10.96.0.1', '443/TCP'],
      ['kube-dns', '10.96.0.10', '53/UDP,53/TCP,9153/TCP'],
    ]);
    expect(e.endpoints().map((x) => x.addresses.map((a) => a.ip))).toEqual([['192.168.103.2'], ['10.244.0.2']]);
  });
});

describe('routing tables as FIDELITY.md shows them', () => {
  it('a pod: default, the /24 via the gateway, the gateway on link', () => {
    const ns = e.netns('nginx-5844775f89-r6tkk')!;
    expect(formatIpRoute(e.state, ns)).toBe(
      'default via 10.244.1.1 dev eth0 \n10.244.1.0/24 via 10.244.1.1 dev eth0 src 10.244.1.2 \n10.244.1.1 dev eth0 scope link src 10.244.1.2 \n',
    );
  });
  it('node 2: default, peer pod CIDRs via peer IPs, host route to its pod, docker0 linkdown', () => {
    const ns = e.netns('multinode-demo-m02')!;
    const veth = ns.links.find((l) => l.name.startsWith('veth'))!.name;
    expect(veth).toMatch(/^veth[0-9a-f]{8}$/);
    expect(formatIpRoute(e.state, ns)).toBe([
      'default via 192.168.103.1 dev eth0 ',
      '10.244.0.0/24 via 192.168.103.2 dev eth0 ',
      `10.244.1.2 dev ${veth} scope host `,
      '10.244.2.0/24 via 192.168.103.4 dev eth0 ',
      '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown ',
      '192.168.103.0/24 dev eth0 proto kernel scope link src 192.168.103.3 ',
      '',
    ].join('\n'));
  });
  it('ip route get to a pod on node 3 from node 1', () => {
    const a = e.routeGet('multinode-demo', '10.244.2.2');
    expect(a.ok && formatRouteGet(a)).toBe('10.244.2.2 via 192.168.103.4 dev eth0 src 192.168.103.2 uid 0 \n    cache \n');
  });
  it('ip -4 addr show eth0 in a pod: eth0@ifN with link-netnsid 0 and the /24 with brd', () => {
    const ns = e.netns('nginx-5844775f89-r6tkk')!;
    const eth0 = ns.links.find((l) => l.name === 'eth0')!;
    expect(eth0.ifindex).toBe(2);
    expect(formatIpAddr(e.state, ns, { dev: 'eth0', family4: true })).toBe(
      `2: eth0@if${eth0.peer!.ifindex}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000 link-netnsid 0\n` +
        '    inet 10.244.1.2/24 brd 10.244.1.255 scope global eth0\n       valid_lft forever preferred_lft forever\n',
    );
  });
  it('the node end of the pod veth points back at ifindex 2 and carries 10.244.1.1/32', () => {
    const ns = e.netns('multinode-demo-m02')!;
    const veth = ns.links.find((l) => l.name.startsWith('veth'))!;
    const text = formatIpAddr(e.state, ns, { dev: veth.name });
    expect(text).toMatch(new RegExp(`^${veth.ifindex}: ${veth.name}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000\\n    link/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff link-netnsid 1\\n    inet 10.244.1.1/32 scope global ${veth.name}\\n`));
  });
  it('kindnet wrote its conflist with the node pod CIDR', () => {
    expect(JSON.parse(e.file('multinode-demo-m03', '/etc/cni/net.d/10-kindnet.conflist')!)).toMatchObject({
      name: 'kindnet', plugins: [{ type: 'ptp', ipam: { type: 'host-local', ranges: [[{ subnet: '10.244.2.0/24' }]], routes: [{ dst: '0.0.0.0/0' }] }, mtu: 1500 }, { type: 'portmap' }],
    });
  });
});

describe('other seeds vary', () => {
  it.each([1, 2, 3])('seed %i builds a cluster on a minikube docker network', (seed) => {
    const x = Engine.create({ seed, profile: 'p', nodes: 2 });
    expect(x.state.network.subnet).toMatch(/^192\.168\.(49|58|67|76|85|94|103)\.0\/24$/);
    expect(x.nodes().map((n) => n.podCIDR)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
  });
});

describe('leaving the article\'s script on seed 0', () => {
  it('a learner who deploys something else first still gets a working cluster', () => {
    const engine = Engine.fromScenario('multinode-demo', 0)!;
    expect(engine.createDeployment('c', 'nginx', 0)).not.toHaveProperty('error');
    expect(engine.createDeployment('a', 'nginx', 2)).not.toHaveProperty('error');
    const pods = engine.pods('default');
    expect(pods).toHaveLength(2);
    expect(new Set(pods.map((p) => p.ip)).size).toBe(2);
  });

  it('a deployment of another size than the article\'s places its pods without failing', () => {
    const engine = Engine.fromScenario('multinode-demo', 0)!;
    expect(engine.createDeployment('web', 'nginx', 7)).not.toHaveProperty('error');
    expect(engine.pods('default')).toHaveLength(7);
  });
});

describe('the virtual clock in the log', () => {
  it('merges consecutive advances into one entry that replays to the same state', () => {
    const engine = Engine.fromScenario('multinode-demo', 1)!;
    for (let i = 0; i < 1000; i += 1) engine.advance(37);
    engine.createDeployment('web', 'nginx', 2);
    for (let i = 0; i < 50; i += 1) engine.advance(400);
    expect(engine.log.map((l) => l.op)).toEqual(['advance', 'createDeployment', 'advance']);
    const replayed = Engine.replay(engine.state.origin, engine.log);
    expect(replayed.toJSON()).toEqual(engine.toJSON());
  });
});
