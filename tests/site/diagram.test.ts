/**
 * The cluster diagram's layout (src/lib/diagram.ts): what it draws comes from
 * the engine, for any learner's seed, and follows changes to the cluster.
 */
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sandbox/index';
import { descriptionLines, layoutDiagram, svgTexts, svgToString, type DiagramView, type SvgEl } from '../../src/lib/diagram';

const IDS = { title: 'd-title', desc: 'd-desc' };

function cluster(seed: number): Engine {
  const engine = Engine.fromScenario('multinode-demo', seed);
  if (!engine) throw new Error('multinode-demo has a cluster');
  return engine;
}

/** Every element of the tree, depth-first. */
function all(node: SvgEl): SvgEl[] {
  return [node, ...node.children.flatMap(all)];
}

const withAttr = (root: SvgEl, name: string) => all(root).filter((e) => name in e.attrs).map((e) => String(e.attrs[name]));

const ownPods = (engine: Engine) => engine.pods().filter((p) => !p.hostNetwork);

describe.each([0, 1, 7])('seed %i', (seed) => {
  describe.each<DiagramView>(['overview', 'routes'])('%s', (view) => {
    it('draws every node with its name, INTERNAL-IP and pod CIDR, and says them in words', () => {
      const engine = cluster(seed);
      const { svg, description } = layoutDiagram(engine, view, IDS);
      const texts = svgTexts(svg).join('\n');
      const words = descriptionLines(description).join('\n');
      expect(engine.nodes()).toHaveLength(3);
      for (const node of engine.nodes()) {
        for (const fact of [node.name, node.internalIP, node.podCIDR]) {
          expect(texts).toContain(fact);
          expect(words).toContain(fact);
        }
      }
      expect(withAttr(svg, 'data-node')).toEqual(engine.nodes().map((n) => n.name));
      expect(texts).toContain(`node network ${engine.state.network.subnet}`);
    });

    it('draws every pod IP with its veth pair, and names host-network pods in words', () => {
      const engine = cluster(seed);
      engine.createDeployment('hello', 'nginx', 3);
      engine.advance(5000);
      const { svg, description } = layoutDiagram(engine, view, IDS);
      const texts = svgTexts(svg).join('\n');
      const words = descriptionLines(description).join('\n');
      for (const pod of engine.pods()) {
        expect(pod.ip, `${pod.name} has an IP`).toBeDefined();
        expect(texts).toContain(pod.ip);
        expect(words).toContain(pod.name);
      }
      for (const pod of ownPods(engine)) {
        const nodeEnd = engine.netns(pod.node)!.links.find((l) => l.peer?.netns === pod.netns)!;
        expect(nodeEnd.name).toMatch(/^veth[0-9a-f]{8}$/);
        expect(texts).toContain(nodeEnd.name);
        expect(words).toContain(`eth0 in the pod is paired with ${nodeEnd.name} on the node`);
      }
      expect(withAttr(svg, 'data-pod').sort()).toEqual(ownPods(engine).map((p) => `${p.namespace}/${p.name}`).sort());
    });
  });

  it('routes: one arrow per node and peer, labelled with the peer pod CIDR, and each route as `ip route` prints it', () => {
    const engine = cluster(seed);
    const { svg } = layoutDiagram(engine, 'routes', IDS);
    const expected = engine.nodes().flatMap((n) => engine.nodes().filter((p) => p !== n).map((p) => `${n.name} ${p.podCIDR}`));
    expect(withAttr(svg, 'data-route').sort()).toEqual(expected.sort());
    const texts = withAttr(svg, 'data-route-text');
    for (const node of engine.nodes()) {
      for (const peer of engine.nodes().filter((p) => p !== node)) {
        expect(texts).toContain(`${node.name} ${peer.podCIDR} via ${peer.internalIP} dev eth0`);
      }
    }
  });
});

describe('following the cluster', () => {
  it('a new deployment adds a pod box per replica, with the new IPs', () => {
    const engine = cluster(0);
    const before = withAttr(layoutDiagram(engine, 'overview', IDS).svg, 'data-pod');
    engine.createDeployment('web', 'nginx', 4);
    engine.advance(5000);
    const { svg } = layoutDiagram(engine, 'overview', IDS);
    const after = withAttr(svg, 'data-pod');
    expect(after).toHaveLength(before.length + 4);
    const added = engine.pods('default').filter((p) => p.name.startsWith('web-'));
    expect(added).toHaveLength(4);
    for (const pod of added) {
      expect(after).toContain(`default/${pod.name}`);
      expect(svgTexts(svg)).toContain(`eth0 ${pod.ip}`);
    }
  });

  it('deleting a route removes its arrow and marks it missing, in the figure and in words', () => {
    const engine = cluster(0);
    const [first, , third] = engine.nodes();
    const key = `${first!.name} ${third!.podCIDR}`;
    expect(withAttr(layoutDiagram(engine, 'routes', IDS).svg, 'data-route')).toContain(key);
    expect(engine.ipRouteDel(first!.name, { dst: third!.podCIDR })).toEqual({ ok: true });
    const { svg, description, summary } = layoutDiagram(engine, 'routes', IDS);
    expect(withAttr(svg, 'data-route')).not.toContain(key);
    expect(withAttr(svg, 'data-route')).toHaveLength(5);
    expect(withAttr(svg, 'data-missing-route')).toEqual([key]);
    expect(descriptionLines(description)).toContain(`No route for ${third!.podCIDR}, the pod CIDR of ${third!.name}.`);
    expect(summary).toMatch(/5 routes to other nodes' pod CIDRs and 1 missing/);
  });

  it('a route through the wrong node points at that node and says so', () => {
    const engine = cluster(0);
    const [first, second, third] = engine.nodes();
    engine.ipRouteReplace(first!.name, { dst: third!.podCIDR, via: second!.internalIP });
    const { svg, description } = layoutDiagram(engine, 'routes', IDS);
    const arrow = all(svg).find((e) => e.attrs['data-route'] === `${first!.name} ${third!.podCIDR}`)!;
    // Coloured for the node it points at: the second node's colour.
    expect(String(arrow.attrs.class)).toContain('cd-c1');
    expect(descriptionLines(description).join('\n')).toContain(`to node ${second!.name}, which does not hold them`);
  });

  it('the overview draws no routes', () => {
    const { svg } = layoutDiagram(cluster(0), 'overview', IDS);
    expect(withAttr(svg, 'data-route')).toEqual([]);
    expect(withAttr(svg, 'data-route-text')).toEqual([]);
  });

  it('a lab with no cluster (laptop before minikube start) says so', () => {
    const { svg, description, summary } = layoutDiagram(null, 'overview', IDS);
    expect(svgTexts(svg).join(' ')).toContain('No cluster yet');
    expect(summary).toMatch(/No cluster yet/);
    expect(descriptionLines(description).join(' ')).toMatch(/No cluster is running/);
  });

  it('the same cluster gives the same drawing', () => {
    expect(svgToString(layoutDiagram(cluster(7), 'routes', IDS).svg)).toBe(svgToString(layoutDiagram(cluster(7), 'routes', IDS).svg));
  });
});

describe('the figure', () => {
  it('is an image named by its title and described by the list under it', () => {
    const { svg, summary } = layoutDiagram(cluster(0), 'routes', IDS);
    expect(svg.tag).toBe('svg');
    expect(svg.attrs).toMatchObject({ role: 'img', 'aria-labelledby': 'd-title', 'aria-describedby': 'd-desc' });
    expect(svg.children[0]).toMatchObject({ tag: 'title', attrs: { id: 'd-title' }, text: summary });
    expect(summary).toBe("3 nodes on the node network 192.168.103.0/24, 1 pod with its own IP, 6 routes to other nodes' pod CIDRs.");
  });

  it('scales from its viewBox, and everything drawn lies inside it', () => {
    const engine = cluster(1);
    engine.createDeployment('hello', 'nginx', 5);
    engine.advance(5000);
    const { svg } = layoutDiagram(engine, 'routes', IDS);
    const [, , w, h] = String(svg.attrs.viewBox).split(' ').map(Number) as [number, number, number, number];
    expect(svg.attrs.width).toBe(w);
    expect(svg.attrs.height).toBe(h);
    for (const e of all(svg)) {
      for (const [k, v] of Object.entries(e.attrs)) {
        if (['x', 'x1', 'x2', 'cx'].includes(k)) expect(Number(v), `${e.tag} ${k}`).toBeGreaterThanOrEqual(0);
        if (['x', 'x1', 'x2', 'cx'].includes(k)) expect(Number(v), `${e.tag} ${k}`).toBeLessThanOrEqual(w);
        if (['y', 'y1', 'y2', 'cy'].includes(k)) expect(Number(v), `${e.tag} ${k}`).toBeGreaterThanOrEqual(0);
        if (['y', 'y1', 'y2', 'cy'].includes(k)) expect(Number(v), `${e.tag} ${k}`).toBeLessThanOrEqual(h);
      }
    }
  });

  it('uses classes for every colour: no inline styles (the CSP forbids them) and no fixed colours (two themes)', () => {
    const markup = svgToString(layoutDiagram(cluster(0), 'routes', IDS).svg);
    expect(markup).not.toMatch(/\sstyle=/);
    expect(markup).not.toMatch(/\s(fill|stroke)="/);
  });

  it('escapes text and attribute values when written as markup', () => {
    const markup = svgToString({ tag: 'text', attrs: { 'data-x': '"><script>' }, text: '<b>&</b>', children: [] });
    expect(markup).toBe('<text data-x="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&lt;/b&gt;</text>');
    expect(() => svgToString({ tag: 'text onload=x', attrs: {}, children: [] })).toThrow(/not an element name/);
  });

  it('rejects an unknown view with the views it knows', () => {
    expect(() => layoutDiagram(cluster(0), 'everything' as DiagramView, IDS)).toThrow(/expected one of overview, routes/);
  });
});

describe('a one-node cluster', () => {
  it('fits its legend into the narrow figure by wrapping, not cutting', () => {
    const engine = Engine.create({ profile: 'minikube', nodes: 1, seed: 3 });
    const { svg } = layoutDiagram(engine, 'routes', IDS);
    const legend = all(svg).find((e) => e.attrs.class === 'cd-legend')!;
    const lines = svgTexts(legend);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join(' ')).toBe('Each pod’s eth0 is one end of a veth pair; the veth… end is on its node. Arrows: from the node that has the route (dot) to its next hop (arrowhead).');
    const width = Number(svg.attrs.width);
    for (const line of lines) expect(line.length * 11 * 0.62).toBeLessThanOrEqual(width - 24);
    expect(withAttr(svg, 'data-route')).toEqual([]);
  });
});
