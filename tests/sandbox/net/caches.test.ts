/**
 * The engine keeps derived indexes beside its plain-data state (routes by
 * prefix, local addresses, links by ifindex, pods by name, kindnetd's
 * reconcile memo). Each test warms them with a lookup, mutates, and checks the
 * next lookup sees the change. Run on the 3-node demo (small tables, scanned)
 * and on a cluster big enough that node tables and link lists are indexed.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../../sandbox/engine';
import type { PodObj } from '../../../sandbox/model/cluster';

interface Lab {
  e: Engine;
  /** A pod on the first node, a pod on the last node, and those nodes. */
  src: PodObj;
  dst: PodObj;
  srcNode: string;
  dstNode: string;
}

function lab(make: () => Engine): Lab {
  const e = make();
  const nodes = e.nodes().map((n) => n.name);
  const srcNode = nodes[0]!;
  const dstNode = nodes[nodes.length - 1]!;
  const running = e.pods('default').filter((p) => p.ip);
  return { e, srcNode, dstNode, src: running.find((p) => p.node === srcNode)!, dst: running.find((p) => p.node === dstNode)! };
}

const demo = () => {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  e.createDeployment('nginx', 'rancher/hello-world', 3);
  return e;
};
const bigger = () => {
  const e = Engine.create({ seed: 3, profile: 'lab', nodes: 4 });
  e.createDeployment('web', 'nginx', 48);
  return e;
};

const target = (p: PodObj) => `${p.namespace}/${p.name}`;
const cidrOf = (e: Engine, node: string) => e.nodes().find((n) => n.name === node)!.podCIDR;

/** Look twice: the route index is built on the second lookup of an unchanged table. */
function warm(l: Lab) {
  for (let i = 0; i < 2; i++) {
    l.e.trace({ from: target(l.src), to: l.dst.ip! });
    l.e.routeGet(l.srcNode, l.dst.ip!);
    l.e.routeGet(l.dstNode, l.src.ip!);
  }
  return l.e.trace({ from: target(l.src), to: l.dst.ip! });
}

describe.each([
  ['the 3-node demo', demo],
  ['4 nodes x 48 pods (indexed tables)', bigger],
])('caches see every mutation: %s', (_name, make) => {
  it('is the big case where it should be', () => {
    const l = lab(make);
    if (make === bigger) {
      expect(l.e.netns(l.srcNode)!.routes.length).toBeGreaterThanOrEqual(24);
      expect(l.e.netns(l.srcNode)!.links.length).toBeGreaterThan(8);
    }
    expect(warm(l).verdict.kind).toBe('delivered');
  });

  it('route del / add: the next trace and lookup follow the table', () => {
    const l = lab(make);
    const { e } = l;
    e.setKindnetRunning(l.srcNode, false);
    const before = warm(l);
    expect(before.hops[1]!.route?.dstLen).toBe(24);
    expect(e.ipRouteDel(l.srcNode, { dst: cidrOf(e, l.dstNode) })).toEqual({ ok: true });
    const after = e.trace({ from: target(l.src), to: l.dst.ip! });
    expect(after.hops[1]!.route?.dstLen).toBe(0); // the default route now
    expect(after.verdict.kind === 'delivered' && after.reply?.verdict.kind === 'delivered').toBe(false);
    const gw = e.nodes().find((n) => n.name === l.dstNode)!.internalIP;
    expect(e.ipRouteAdd(l.srcNode, { dst: cidrOf(e, l.dstNode), via: gw })).toEqual({ ok: true });
    expect(e.trace({ from: target(l.src), to: l.dst.ip! })).toEqual(before);
  });

  it('a more specific route added after lookups wins at once, and its removal too', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    expect(e.routeGet(l.srcNode, l.dst.ip!)).toMatchObject({ ok: true, dev: 'eth0' });
    expect(e.ipRouteAdd(l.srcNode, { type: 'blackhole', dst: `${l.dst.ip}/32` })).toEqual({ ok: true });
    expect(e.routeGet(l.srcNode, l.dst.ip!)).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(e.trace({ from: target(l.src), to: l.dst.ip! }).verdict).toMatchObject({ kind: 'dropped', reason: 'blackhole' });
    expect(e.ipRouteDel(l.srcNode, { type: 'blackhole', dst: `${l.dst.ip}/32` })).toEqual({ ok: true });
    expect(e.routeGet(l.srcNode, l.dst.ip!)).toMatchObject({ ok: true, dev: 'eth0' });
  });

  it('route replace in place is seen', () => {
    const l = lab(make);
    const { e } = l;
    e.setKindnetRunning(l.srcNode, false);
    warm(l);
    // Same slot (prefix, metric), now a blackhole.
    expect(e.ipRouteReplace(l.srcNode, { type: 'blackhole', dst: cidrOf(e, l.dstNode) })).toEqual({ ok: true });
    expect(e.routeGet(l.srcNode, l.dst.ip!)).toMatchObject({ ok: false, errno: 'EINVAL' });
  });

  it('link down / up, and kindnetd restoring its routes after the flush', () => {
    const l = lab(make);
    const { e } = l;
    const before = warm(l);
    e.ipLinkSet(l.dstNode, 'eth0', 'down');
    expect(e.trace({ from: target(l.src), to: l.dst.ip! }).verdict.kind).not.toBe('delivered');
    e.ipLinkSet(l.dstNode, 'eth0', 'up');
    // Going down flushed the routes via eth0: the peer routes, which kindnetd's next pass adds
    // back, and the default route, which nobody does (so the hops' beaten lists differ).
    e.advance(10_000);
    const after = e.trace({ from: target(l.src), to: l.dst.ip! });
    expect(after.verdict).toEqual(before.verdict);
    expect(after.reply?.verdict).toEqual(before.reply?.verdict);
    expect(e.routeGet(l.dstNode, '8.8.8.8')).toMatchObject({ ok: false, errno: 'ENETUNREACH' });
  });

  it('sysctl ip_forward off and on', () => {
    const l = lab(make);
    const { e } = l;
    const before = warm(l);
    e.sysctl(l.dstNode, 'net.ipv4.ip_forward', '0');
    expect(e.trace({ from: target(l.src), to: l.dst.ip! }).verdict.kind).not.toBe('delivered');
    e.sysctl(l.dstNode, 'net.ipv4.ip_forward', '1');
    expect(e.trace({ from: target(l.src), to: l.dst.ip! })).toEqual(before);
  });

  it('an address added on another node makes it answer ARP and deliver; removed, it stops', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    const ip = e.nodes()[0]!.internalIP.split('.').slice(0, 3).concat('200').join('.'); // unused, on the node network
    expect(e.trace({ from: l.srcNode, to: ip }).verdict).toMatchObject({ kind: 'icmp-error', type: 'host-unreachable' });
    expect(e.ipAddrAdd(l.dstNode, { addr: `${ip}/32`, dev: 'lo' })).toEqual({ ok: true });
    expect(e.trace({ from: l.srcNode, to: ip }).verdict).toMatchObject({ kind: 'delivered', netns: l.dstNode });
    expect(e.ipAddrDel(l.dstNode, { addr: `${ip}/32`, dev: 'lo' })).toEqual({ ok: true });
    expect(e.trace({ from: l.srcNode, to: ip }).verdict).toMatchObject({ kind: 'icmp-error', type: 'host-unreachable' });
  });

  it('a pod address taken over by the node is delivered locally there', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    expect(e.ipAddrAdd(l.srcNode, { addr: `${l.dst.ip}/32`, dev: 'lo' })).toEqual({ ok: true });
    expect(e.trace({ from: target(l.src), to: l.dst.ip! }).verdict).toMatchObject({ kind: 'delivered', netns: l.srcNode });
  });

  it('pod delete and the replacement: the old name and address are gone, the new pod is reached', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    expect(e.findPod(target(l.dst))).toBe(l.dst);
    const oldIp = l.dst.ip!;
    const names = new Set(e.pods('default').map((p) => p.name));
    e.deletePod(l.dst.name);
    expect(e.findPod(target(l.dst))).toBeUndefined();
    expect(e.findPod(l.dst.name)).toBeUndefined();
    expect(() => e.trace({ from: target(l.dst), to: l.src.ip! })).toThrow(/no such node or pod/);
    const replacement = e.pods('default').find((p) => !names.has(p.name))!;
    expect(replacement.ip).toBeDefined();
    expect(e.findPod(target(replacement))).toBe(replacement);
    expect(e.trace({ from: target(l.src), to: replacement.ip! }).verdict.kind).toBe('delivered');
    if (replacement.ip !== oldIp) expect(e.trace({ from: target(l.src), to: oldIp }).verdict.kind).not.toBe('delivered');
  });

  it('scale up: new pods are found by name and reachable at once', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    const dep = e.deployments().find((d) => d.namespace === 'default')!;
    const names = new Set(e.pods('default').map((p) => p.name));
    e.scaleDeployment(dep.name, dep.replicas + 3);
    const added = e.pods('default').filter((p) => !names.has(p.name));
    expect(added).toHaveLength(3);
    for (const p of added) {
      expect(e.findPod(p.name)).toBe(p);
      expect(e.trace({ from: target(l.src), to: p.ip! }).verdict.kind).toBe('delivered');
    }
  });

  it('node stop and start: unreachable while stopped, reachable at the new address after', () => {
    const l = lab(make);
    const { e } = l;
    const before = warm(l);
    expect(before.verdict.kind).toBe('delivered');
    e.nodeStop(l.dstNode);
    expect(e.trace({ from: target(l.src), to: l.dst.ip! }).verdict.kind).not.toBe('delivered');
    e.nodeStart(l.dstNode);
    e.advance(10_000);
    const again = e.findPod(target(l.dst))!;
    expect(again.ip).toBeDefined();
    expect(e.trace({ from: target(l.src), to: again.ip! }).verdict.kind).toBe('delivered');
    expect(e.trace({ from: target(again), to: l.src.ip! }).verdict.kind).toBe('delivered');
  });

  it('node add: every node gets the route to the new pod CIDR; node delete leaves routes as kindnetd does', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    e.advance(30_000);
    const res = e.nodeAdd() as { node?: string };
    e.advance(10_000);
    const cidr = cidrOf(e, res.node!);
    for (const n of e.nodes()) {
      if (n.name === res.node) continue;
      expect(e.netns(n.name)!.routes.filter((r) => r.dstLen === 24 && `${r.dst >>> 24}.${(r.dst >>> 16) & 255}.${(r.dst >>> 8) & 255}.0/24` === cidr)).toHaveLength(1);
    }
    const scaled = e.deployments().find((d) => d.namespace === 'default')!;
    e.scaleDeployment(scaled.name, scaled.replicas + e.nodes().length);
    const onNew = e.pods('default').find((p) => p.node === res.node && p.ip)!;
    expect(e.trace({ from: target(l.src), to: onNew.ip! }).verdict.kind).toBe('delivered');
  });

  it('kindnetd puts back a deleted route and fixes one via the wrong gateway', () => {
    const l = lab(make);
    const { e } = l;
    warm(l);
    e.advance(20_000); // several no-op passes: the memo is in use
    const snapshot = JSON.stringify(e.netns(l.srcNode)!.routes);
    e.ipRouteDel(l.srcNode, { dst: cidrOf(e, l.dstNode) });
    e.advance(10_000);
    expect(JSON.stringify(e.netns(l.srcNode)!.routes)).toBe(snapshot);
    const wrongGw = e.nodes().find((n) => n.name !== l.dstNode && n.name !== l.srcNode)?.internalIP;
    if (wrongGw) {
      expect(e.ipRouteReplace(l.srcNode, { dst: cidrOf(e, l.dstNode), via: wrongGw })).toEqual({ ok: true });
      e.advance(10_000);
      expect(JSON.stringify(e.netns(l.srcNode)!.routes)).toBe(snapshot);
    }
  });
});

describe('derived state stays outside the snapshot', () => {
  it('toJSON after lookups equals toJSON before, and a restored engine traces the same', () => {
    const e = bigger();
    const json = JSON.stringify(e.toJSON());
    const l = lab(() => e);
    const t = warm(l);
    expect(JSON.stringify(e.toJSON())).toBe(json);
    const r = Engine.fromJSON(json);
    expect(r.trace({ from: target(l.src), to: l.dst.ip! })).toEqual(t);
  });
});
