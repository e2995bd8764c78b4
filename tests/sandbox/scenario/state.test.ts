import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../../sandbox/addr/ipv4';
import { Engine } from '../../../sandbox/engine';
import { invariantViolations } from '../../../sandbox/scenario/invariants';
import { hostLocalAllocate, hostLocalRelease, newHostLocal } from '../../../sandbox/cni/host-local';

describe('host-local IPAM', () => {
  it('starts at .2, goes on from the last reserved address, does not reuse a release at once', () => {
    const s = newHostLocal('10.244.1.0/24');
    const a = ['a', 'b', 'c'].map((id) => hostLocalAllocate(s, id, 'eth0'));
    expect(a.map((x) => ('ip' in x ? x.ip : x.error))).toEqual(['10.244.1.2', '10.244.1.3', '10.244.1.4']);
    hostLocalRelease(s, 'a', 'eth0');
    expect(hostLocalAllocate(s, 'd', 'eth0')).toMatchObject({ ip: '10.244.1.5', gateway: '10.244.1.1', prefixlen: 24 });
  });
});

describe('control plane', () => {
  it('a deleted pod is replaced with a new name, address and veth', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.createDeployment('nginx', 'rancher/hello-world', 3);
    const old = e.findPod('nginx-5844775f89-r6tkk')!;
    const oldVeth = e.netns('multinode-demo-m02')!.links.find((l) => l.name.startsWith('veth'))!.name;
    expect(e.deletePod(old.name)).toEqual({ ok: true, message: 'pod "nginx-5844775f89-r6tkk" deleted' });
    const fresh = e.pods('default').find((p) => !['nginx-5844775f89-4nnwf', 'nginx-5844775f89-9ptln'].includes(p.name))!;
    expect(fresh.name).not.toBe(old.name);
    expect(fresh.node).toBe('multinode-demo-m02');
    expect(fresh.ip).toBe('10.244.1.3');
    expect(e.netns('multinode-demo-m02')!.links.some((l) => l.name === oldVeth)).toBe(false);
  });
  it('scale down removes the doubled-up pods first', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.createDeployment('web', 'nginx', 4);
    const doubled = e.pods('default').filter((p, _i, all) => all.filter((q) => q.node === p.node).length === 2);
    e.scaleDeployment('web', 3);
    expect(e.pods('default')).toHaveLength(3);
    expect(new Set(e.pods('default').map((p) => p.node)).size).toBe(3);
    expect(doubled.filter((p) => !e.findPod(p.name))).toHaveLength(1);
  });
  it('a stopped then started node gets fresh sandboxes from .2 and counts a restart', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.createDeployment('nginx', 'rancher/hello-world', 3);
    e.nodeStop('multinode-demo-m03');
    e.nodeStart('multinode-demo-m03');
    const p = e.findPod('nginx-5844775f89-9ptln')!;
    expect(p.ip).toBe('10.244.2.2');
    expect(p.containers[0]!.restarts).toBe(1);
    expect(e.trace({ from: 'nginx-5844775f89-4nnwf', to: '10.244.2.2' }).reply?.verdict.kind).toBe('delivered');
  });
  it('a new node gets the next pod CIDR and the others learn its route on their next pass', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.nodeAdd();
    const n = e.nodes()[3]!;
    expect([n.name, n.internalIP, n.podCIDR]).toEqual(['multinode-demo-m04', '192.168.103.5', '10.244.3.0/24']);
    e.advance(10_000);
    expect(e.routeGet('multinode-demo', '10.244.3.9')).toMatchObject({ ok: true, gateway: parseIp('192.168.103.5') });
  });
});

describe('snapshot, reset, replay', () => {
  it('fromJSON(toJSON()) is identical and keeps working identically', () => {
    const e = Engine.fromScenario('multinode-demo', 7)!;
    e.createDeployment('a', 'nginx', 2);
    const copy = Engine.fromJSON(JSON.stringify(e.toJSON()));
    expect(copy.toJSON()).toEqual(e.toJSON());
    e.createDeployment('b', 'nginx', 2);
    copy.createDeployment('b', 'nginx', 2);
    expect(copy.toJSON()).toEqual(e.toJSON());
  });
  it('reset returns to the created cluster', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    const before = e.toJSON();
    e.createDeployment('a', 'nginx', 2);
    e.reset();
    expect(e.toJSON()).toEqual(before);
  });
});

const op = fc.oneof(
  fc.record({ k: fc.constant('deploy' as const), n: fc.constantFrom('a', 'b', 'c'), r: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ k: fc.constant('scale' as const), n: fc.constantFrom('a', 'b', 'c'), r: fc.integer({ min: 0, max: 6 }) }),
  fc.record({ k: fc.constant('delpod' as const), i: fc.nat(20) }),
  fc.record({ k: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 30_000 }) }),
  fc.record({ k: fc.constant('stop' as const), i: fc.nat(2) }),
  fc.record({ k: fc.constant('start' as const), i: fc.nat(2) }),
  fc.record({ k: fc.constant('routedel' as const), i: fc.nat(2), c: fc.nat(2) }),
  fc.record({ k: fc.constant('linkdown' as const), i: fc.nat(20) }),
  fc.record({ k: fc.constant('fwd' as const), i: fc.nat(2), v: fc.constantFrom('0', '1') }),
  fc.record({ k: fc.constant('addnode' as const) }),
);

describe('invariants under random operations', () => {
  it('no duplicate pod IPs, pod IPs in their node CIDR, veths paired, snapshot and replay identical', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.array(op, { maxLength: 25 }), (seed, ops) => {
        const e = Engine.create({ seed, profile: 'p', nodes: 3 });
        for (const o of ops) {
          const node = (i: number) => e.nodes()[i % e.nodes().length]!.name;
          const pods = e.pods('default');
          switch (o.k) {
            case 'deploy': e.createDeployment(o.n, 'nginx', o.r); break;
            case 'scale': e.scaleDeployment(o.n, o.r); break;
            case 'delpod': if (pods.length) e.deletePod(pods[o.i % pods.length]!.name); break;
            case 'advance': e.advance(o.ms); break;
            case 'stop': if (o.i % 3 !== 0) e.nodeStop(node(o.i)); break;
            case 'start': e.nodeStart(node(o.i)); break;
            case 'routedel': if (e.netns(node(o.i))) e.ipRouteDel(node(o.i), { dst: `10.244.${o.c}.0/24` }); break;
            case 'linkdown': if (pods.length && pods[o.i % pods.length]!.netns) e.ipLinkSet(pods[o.i % pods.length]!.name, 'eth0', 'down'); break;
            case 'fwd': if (e.netns(node(o.i))) e.sysctl(node(o.i), 'net.ipv4.ip_forward', o.v); break;
            case 'addnode': if (e.nodes().length < 5) e.nodeAdd(); break;
          }
        }
        const s = e.state;
        expect(invariantViolations(s)).toEqual([]);
        expect(Engine.fromJSON(e.toJSON()).toJSON()).toEqual(e.toJSON());
        expect(Engine.replay(s.origin, s.log).toJSON()).toEqual(e.toJSON());
      }),
      { numRuns: 40 },
    );
  });
});

describe('the invariant check itself', () => {
  it('reports a duplicated pod address, an address outside the node CIDR and a dangling veth', () => {
    const e = Engine.fromScenario('multinode-demo', 0)!;
    e.createDeployment('web', 'nginx', 2);
    const [a, b] = e.pods('default');
    b!.ip = a!.ip;
    expect(invariantViolations(e.state).some((v) => v.includes(`share ${a!.ip}`))).toBe(true);
    b!.ip = '10.99.0.5';
    expect(invariantViolations(e.state).some((v) => v.includes('outside'))).toBe(true);
    const veth = e.netns(a!.node)!.links.find((l) => l.kind === 'veth')!;
    veth.peer = { netns: 'nowhere', ifindex: 99 };
    expect(invariantViolations(e.state).some((v) => v.includes('no peer'))).toBe(true);
  });
});
