/**
 * The cluster diagram behind <ClusterDiagram>: the learner's own cluster read
 * from the engine and laid out as a tree of SVG elements, with the same facts
 * in words for people who cannot see it.
 *
 * Pure (no DOM, no Astro), so one function draws the build-time figure (as a
 * string, `svgToString`) and the live one in the browser (diagram-client.ts
 * turns the tree into elements with createElementNS). Only types come from
 * the engine, so the browser chunk that loads this adds no engine code.
 *
 * Colours and fonts are CSS classes (`cd-*`, styled in ClusterDiagram.astro
 * from the site's theme tokens), never inline styles: the site's CSP allows
 * no style attributes, and both themes must read well.
 */
import type { Engine } from '../../sandbox/index';

type Netns = NonNullable<ReturnType<Engine['netns']>>;
type RouteEntry = Netns['routes'][number];

export type DiagramView = 'overview' | 'routes';
export const DIAGRAM_VIEWS: readonly DiagramView[] = ['overview', 'routes'];

export function isDiagramView(value: unknown): value is DiagramView {
  return typeof value === 'string' && (DIAGRAM_VIEWS as readonly string[]).includes(value);
}

/** One SVG element: its tag, attributes, text content (escaped when serialised) and children. */
export interface SvgEl {
  tag: string;
  attrs: Record<string, string | number>;
  text?: string;
  children: SvgEl[];
}

/** One line of the diagram in words, with the lines under it. */
export interface DescItem {
  text: string;
  items?: DescItem[];
}

export interface Diagram {
  svg: SvgEl;
  /** One sentence: what the figure shows (the SVG's <title>). */
  summary: string;
  /** Everything the figure shows, as a nested list. */
  description: DescItem[];
}

export interface DiagramIds {
  /** id of the SVG's <title>. */
  title: string;
  /** id of the element that holds the description list (the SVG points at it with aria-describedby). */
  desc: string;
}

// ---- the cluster as the diagram sees it ----------------------------------

export interface DevView {
  name: string;
  up: boolean;
}

export interface PodView {
  name: string;
  namespace: string;
  phase: string;
  ip?: string;
  /** eth0 inside the pod. */
  podDev?: DevView;
  /** The other end of the veth pair, on the node. */
  nodeDev?: DevView;
}

export interface PeerRoute {
  /** The destination prefix, e.g. 10.244.1.0/24. */
  dst: string;
  type: string;
  via?: string;
  dev?: string;
  /** The node whose pod CIDR this is. */
  owner: string;
  /** The node whose address is the gateway, if any. */
  viaNode?: string;
}

export interface NodeView {
  name: string;
  internalIP: string;
  podCIDR: string;
  status: 'Ready' | 'NotReady' | 'Stopped';
  eth0?: DevView & { ip?: string };
  /** Pods with a network namespace of their own. */
  pods: PodView[];
  /** hostNetwork pods, as namespace/name: they use the node's own addresses. */
  hostPods: string[];
  /** Main-table routes for other nodes' pod CIDRs. */
  routes: PeerRoute[];
  /** Other nodes' pod CIDRs this node has no route for. */
  missing: Array<{ dst: string; owner: string }>;
}

export interface ClusterView {
  network: { name: string; subnet: string; gateway: string };
  nodes: NodeView[];
}

const TABLE_MAIN = 254;

function formatIp(ip: number): string {
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
}

function devOf(ns: Netns, ifindex: number | undefined): DevView | undefined {
  const link = ns.links.find((l) => l.ifindex === ifindex);
  return link ? { name: link.name, up: link.up } : undefined;
}

function podOrder(a: PodView, b: PodView): number {
  // The learner's own pods (namespace default) first, the system's after.
  const rank = (p: PodView) => (p.namespace === 'default' ? 0 : 1);
  return rank(a) - rank(b) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name);
}

/** Reads what the diagram draws from the engine's state. */
export function readCluster(engine: Engine): ClusterView {
  const { name, subnet, gateway } = engine.state.network;
  const nodes = engine.nodes();
  const nodeOfIp = new Map(nodes.map((n) => [n.internalIP, n.name]));
  return {
    network: { name, subnet, gateway },
    nodes: nodes.map((node): NodeView => {
      const ns = engine.netns(node.name);
      const eth0Link = ns?.links.find((l) => l.name === 'eth0');
      const eth0Addr = eth0Link && ns?.addresses.find((a) => a.ifindex === eth0Link.ifindex && !a.secondary);
      const onNode = engine.pods().filter((p) => p.node === node.name);
      const pods = onNode
        .filter((p) => !p.hostNetwork)
        .map((p): PodView => {
          const view: PodView = { name: p.name, namespace: p.namespace, phase: p.phase };
          if (p.ip) view.ip = p.ip;
          const podNs = p.netns ? engine.state.netns[p.netns] : undefined;
          if (podNs && ns) {
            const podEnd = podNs.links.find((l) => l.kind === 'veth' && l.peer?.netns === ns.name);
            if (podEnd) view.podDev = { name: podEnd.name, up: podEnd.up };
            const nodeEnd = ns.links.find((l) => l.kind === 'veth' && l.peer?.netns === podNs.name);
            if (nodeEnd) view.nodeDev = { name: nodeEnd.name, up: nodeEnd.up };
          }
          return view;
        })
        .sort(podOrder);
      const hostPods = onNode.filter((p) => p.hostNetwork).map((p) => `${p.namespace}/${p.name}`).sort();

      const routes: PeerRoute[] = [];
      const missing: NodeView['missing'] = [];
      const main = (ns?.routes ?? []).filter((r: RouteEntry) => r.table === TABLE_MAIN);
      for (const peer of nodes) {
        if (peer.name === node.name) continue;
        const matching = main.filter((r) => `${formatIp(r.dst)}/${r.dstLen}` === peer.podCIDR);
        if (matching.length === 0) missing.push({ dst: peer.podCIDR, owner: peer.name });
        for (const r of matching) {
          const route: PeerRoute = { dst: peer.podCIDR, type: r.type, owner: peer.name };
          if (r.gateway !== undefined) {
            route.via = formatIp(r.gateway);
            const viaNode = nodeOfIp.get(route.via);
            if (viaNode) route.viaNode = viaNode;
          }
          const dev = ns ? devOf(ns, r.dev) : undefined;
          if (dev) route.dev = dev.name;
          routes.push(route);
        }
      }

      const view: NodeView = {
        name: node.name,
        internalIP: node.internalIP,
        podCIDR: node.podCIDR,
        status: node.container === 'stopped' ? 'Stopped' : node.ready ? 'Ready' : 'NotReady',
        pods,
        hostPods,
        routes,
        missing,
      };
      if (eth0Link) view.eth0 = { name: eth0Link.name, up: eth0Link.up, ...(eth0Addr ? { ip: formatIp(eth0Addr.local) } : {}) };
      return view;
    }),
  };
}

// ---- words ------------------------------------------------------------------

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A route as `ip route` prints it (the parts the diagram uses). */
export function routeText(r: PeerRoute): string {
  const head = r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`;
  return [head, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`].filter(Boolean).join(' ');
}

function routeWords(r: PeerRoute): string {
  const pods = `the pods of ${r.owner}`;
  let where: string;
  if (r.viaNode === r.owner) where = `sends traffic for ${pods} to that node`;
  else if (r.viaNode) where = `sends traffic for ${pods} to node ${r.viaNode}, which does not hold them`;
  else if (r.via) where = `sends traffic for ${pods} to ${r.via}, which is no node of the cluster`;
  else if (r.type === 'unicast') where = `sends traffic for ${pods} straight out of ${r.dev ?? 'a device'}, with no gateway`;
  else where = `drops traffic for ${pods}`;
  return `Route ${routeText(r)} ${where}.`;
}

function podWords(p: PodView): string {
  const ip = p.ip ? `IP ${p.ip}` : `no IP yet (${p.phase})`;
  const wire =
    p.podDev && p.nodeDev
      ? `${p.podDev.name} in the pod is paired with ${p.nodeDev.name} on the node${p.podDev.up && p.nodeDev.up ? '' : ` (${[p.podDev, p.nodeDev].filter((d) => !d.up).map((d) => `${d.name} is down`).join(', ')})`}`
      : 'no veth pair to the node';
  return `Pod ${p.namespace}/${p.name}, ${ip}: ${wire}.`;
}

function describeCluster(c: ClusterView, view: DiagramView): { summary: string; description: DescItem[] } {
  const podCount = c.nodes.reduce((n, node) => n + node.pods.length, 0);
  const routeCount = c.nodes.reduce((n, node) => n + node.routes.length, 0);
  const missingCount = c.nodes.reduce((n, node) => n + node.missing.length, 0);
  let summary = `${plural(c.nodes.length, 'node')} on the node network ${c.network.subnet}, ${plural(podCount, 'pod')} with ${podCount === 1 ? 'its' : 'their'} own IP`;
  if (view === 'routes') {
    summary += `, ${plural(routeCount, 'route')} to other nodes' pod CIDRs`;
    if (missingCount > 0) summary += ` and ${missingCount} missing`;
  }
  summary += '.';
  const description: DescItem[] = [
    { text: `Node network ${c.network.subnet} (docker network ${c.network.name}), gateway ${c.network.gateway}.` },
    ...c.nodes.map((node): DescItem => {
      const eth0 = node.eth0 ? ` on ${node.eth0.name}${node.eth0.up ? '' : ' (down)'}` : '';
      const items: DescItem[] = node.pods.map((p) => ({ text: podWords(p) }));
      if (node.hostPods.length > 0) {
        items.push({ text: `${plural(node.hostPods.length, 'pod')} on the host network, using the node's IP ${node.internalIP}: ${node.hostPods.join(', ')}.` });
      }
      if (view === 'routes') {
        for (const r of node.routes) items.push({ text: routeWords(r) });
        for (const m of node.missing) items.push({ text: `No route for ${m.dst}, the pod CIDR of ${m.owner}.` });
      }
      return { text: `Node ${node.name} (${node.status}): INTERNAL-IP ${node.internalIP}${eth0}, pod CIDR ${node.podCIDR}.`, items };
    }),
  ];
  return { summary, description };
}

// ---- layout -----------------------------------------------------------------

/** Text sizes in SVG units; the stylesheet sets the same sizes and a monospace font. */
const FONT = 12;
const FONT_SMALL = 11;
const FONT_TITLE = 13;
/** Width of one monospace character as a share of the font size (most monospace fonts: 0.6). */
const CHAR = 0.62;
const M = 12;
const GAP = 20;
const NODE_PAD = 10;
const POD_PAD = 7;
const MIN_COL = 196;
const MAX_COL = 280;
const HEAD_H = 66;
const POD_BOX = 38;
const POD_BLOCK = POD_BOX + 12 + 14 + 10;
const HOST_LINE = 20;
const FOOT_H = 28;
const LANE = 16;
const PALETTE = 4;
/** Wider than this (SVG units), a figure is not shrunk below a readable size. */
const WIDE = 560;

const textWidth = (s: string, size = FONT) => s.length * size * CHAR;
const fitChars = (width: number, size = FONT) => Math.floor(width / (size * CHAR));

function fit(s: string, chars: number): string {
  return s.length <= chars ? s : `${s.slice(0, Math.max(1, chars - 1))}…`;
}

/** Words on lines of at most `chars` characters (a longer word is cut to fit). */
function wrap(s: string, chars: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of s.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (next.length <= chars || !line) line = next;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => fit(l, chars));
}

function el(tag: string, attrs: Record<string, string | number | undefined> = {}, children: Array<SvgEl | null | undefined | false> = [], text?: string): SvgEl {
  const clean: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) clean[k] = typeof v === 'number' ? Math.round(v * 10) / 10 : v;
  const node: SvgEl = { tag, attrs: clean, children: children.filter((c): c is SvgEl => !!c) };
  if (text !== undefined) node.text = text;
  return node;
}

const text = (x: number, y: number, s: string, cls: string, extra: Record<string, string | number> = {}) => el('text', { x, y, class: cls, ...extra }, [], s);

function root(width: number, height: number, ids: DiagramIds, summary: string, children: SvgEl[], cls = ''): SvgEl {
  return el(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      viewBox: `0 0 ${Math.ceil(width)} ${Math.ceil(height)}`,
      width: Math.ceil(width),
      height: Math.ceil(height),
      // Wide figures keep a readable size on phones and scroll sideways (see ClusterDiagram.astro).
      class: `cd-svg${cls}${width > WIDE ? ' cd-wide' : ''}`,
      role: 'img',
      'aria-labelledby': ids.title,
      'aria-describedby': ids.desc,
    },
    [el('title', { id: ids.title }, [], summary), ...children],
  );
}

function noCluster(ids: DiagramIds): Diagram {
  const summary = 'No cluster yet: the lab has no cluster to draw.';
  const lines = ['No cluster yet.', 'Create one in the lab (minikube start) and it is drawn here.'];
  const width = Math.max(...lines.map((l) => textWidth(l))) + 2 * M + 2 * NODE_PAD;
  const height = 2 * M + 56;
  const svg = root(width, height, ids, summary, [
    el('rect', { x: M, y: M, width: width - 2 * M, height: height - 2 * M, rx: 6, class: 'cd-empty' }),
    text(M + NODE_PAD, M + 24, lines[0]!, 'cd-name'),
    text(M + NODE_PAD, M + 44, lines[1]!, 'cd-muted'),
  ], ' cd-none');
  return { svg, summary, description: [{ text: 'No cluster is running in the lab yet. Once one is (minikube start), this figure draws its nodes, pods and routes.' }] };
}

interface Arrow {
  route: PeerRoute;
  from: number;
  to: number;
}

/**
 * Lays the cluster out: one column per node (header, then each pod with its
 * veth pair, then the node's eth0), all joined by the node network below.
 * The routes view adds, between the nodes and the network, one arrow per
 * peer route from the node that holds it to the node it points at, and under
 * the network each node's routes as text, with the missing ones marked.
 */
export function layoutDiagram(cluster: Engine | null, view: DiagramView, ids: DiagramIds): Diagram {
  if (!isDiagramView(view)) throw new Error(`unknown diagram view "${String(view)}": expected one of ${DIAGRAM_VIEWS.join(', ')}`);
  if (!cluster) return noCluster(ids);
  const c = readCluster(cluster);
  const { summary, description } = describeCluster(c, view);
  const routes = view === 'routes';

  // Column width: wide enough for the longest line, pod names cut to fit the widest column.
  const podChars = fitChars(MAX_COL - 2 * NODE_PAD - 2 * POD_PAD);
  const hostLine = (n: NodeView) => `+${n.hostPods.length} host-network ${n.hostPods.length === 1 ? 'pod' : 'pods'}`;
  let widest = 0;
  for (const n of c.nodes) {
    widest = Math.max(widest, textWidth(n.name, FONT_TITLE), textWidth(`INTERNAL-IP ${n.internalIP}`), textWidth(`PodCIDR ${n.podCIDR}`));
    if (n.hostPods.length > 0) widest = Math.max(widest, textWidth(hostLine(n), FONT_SMALL));
    for (const p of n.pods) widest = Math.max(widest, textWidth(fit(p.name, podChars)) + 2 * POD_PAD, textWidth(`eth0 ${p.ip ?? '(no IP yet)'}`) + 2 * POD_PAD);
    if (routes) for (const r of n.routes) widest = Math.max(widest, textWidth(r.dst), textWidth(`via ${r.via ?? '-'} dev ${r.dev ?? '-'}`, FONT_SMALL));
  }
  const colW = Math.min(MAX_COL, Math.max(MIN_COL, Math.ceil(widest + 2 * NODE_PAD)));
  const innerChars = fitChars(colW - 2 * NODE_PAD);
  const colX = (i: number) => M + i * (colW + GAP);
  const cx = (i: number) => colX(i) + colW / 2;

  const nodeH = Math.max(...c.nodes.map((n) => HEAD_H + n.pods.length * POD_BLOCK + (n.hostPods.length > 0 ? HOST_LINE : 0) + FOOT_H));
  const top = M;
  const bottom = top + nodeH;

  // Arrows: shortest first, so they sit nearest the nodes and cross the fewest lines.
  const index = new Map(c.nodes.map((n, i) => [n.name, i]));
  const arrows: Arrow[] = [];
  if (routes) {
    c.nodes.forEach((n, i) => {
      for (const r of n.routes) {
        const to = r.viaNode === undefined ? undefined : index.get(r.viaNode);
        if (to !== undefined && to !== i) arrows.push({ route: r, from: i, to });
      }
    });
    arrows.sort((a, b) => Math.abs(a.from - a.to) - Math.abs(b.from - b.to) || a.from - b.from || a.to - b.to);
  }
  const laneTop = bottom + 22;
  const busY = routes && arrows.length > 0 ? laneTop + arrows.length * LANE + 8 : bottom + 24;
  const width = 2 * M + c.nodes.length * colW + (c.nodes.length - 1) * GAP;

  const parts: SvgEl[] = [];

  // The node network: a bus every node's eth0 hangs from.
  const netLines = [`node network ${c.network.subnet}`, `gateway ${c.network.gateway} · docker network ${c.network.name}`];
  parts.push(
    el('g', { class: 'cd-network', 'data-network': c.network.subnet }, [
      el('line', { x1: M, y1: busY, x2: width - M, y2: busY, class: 'cd-bus' }),
      text(M, busY + 18, fit(netLines[0]!, fitChars(width - 2 * M)), 'cd-label'),
      text(M, busY + 34, fit(netLines[1]!, fitChars(width - 2 * M, FONT_SMALL)), 'cd-muted cd-small'),
    ]),
  );
  // A key to the drawing's two conventions, in the figure itself.
  const legend = ['Each pod’s eth0 is one end of a veth pair; the veth… end is on its node.'];
  if (routes) legend.push('Arrows: from the node that has the route (dot) to its next hop (arrowhead).');
  const legendTop = busY + 54;
  const legendLines = legend.flatMap((line) => wrap(line, fitChars(width - 2 * M, FONT_SMALL)));
  parts.push(el('g', { class: 'cd-legend' }, legendLines.map((line, i) => text(M, legendTop + i * 15, line, 'cd-muted cd-small'))));
  const belowLegend = legendTop + (legendLines.length - 1) * 15;

  c.nodes.forEach((n, i) => {
    const x = colX(i);
    const colour = `cd-c${i % PALETTE}`;
    const down = n.status !== 'Ready';
    const kids: SvgEl[] = [
      el('title', {}, [], `node ${n.name}`),
      el('rect', { x, y: top, width: colW, height: nodeH, rx: 8, class: `cd-node-box${down ? ' cd-down' : ''}` }),
      el('rect', { x, y: top, width: colW, height: 5, rx: 2, class: `cd-stripe ${colour}` }),
      text(x + NODE_PAD, top + 22, fit(n.status === 'Ready' ? n.name : `${n.name} (${n.status})`, fitChars(colW - 2 * NODE_PAD, FONT_TITLE)), 'cd-name'),
      text(x + NODE_PAD, top + 40, `INTERNAL-IP ${n.internalIP}`, 'cd-text'),
      text(x + NODE_PAD, top + 56, `PodCIDR ${n.podCIDR}`, 'cd-muted'),
    ];
    n.pods.forEach((p, k) => {
      const py = top + HEAD_H + k * POD_BLOCK;
      const px = x + NODE_PAD;
      const pw = colW - 2 * NODE_PAD;
      const wireX = px + POD_PAD + 10;
      const wireDown = !(p.podDev?.up ?? false) || !(p.nodeDev?.up ?? false);
      kids.push(
        el('g', { class: 'cd-pod', 'data-pod': `${p.namespace}/${p.name}` }, [
          el('title', {}, [], `pod ${p.namespace}/${p.name}`),
          el('rect', { x: px, y: py, width: pw, height: POD_BOX, rx: 5, class: 'cd-pod-box' }),
          text(px + POD_PAD, py + 15, fit(p.name, fitChars(pw - 2 * POD_PAD)), 'cd-text cd-strong'),
          text(px + POD_PAD, py + 31, `${p.podDev?.name ?? 'eth0'} ${p.ip ?? '(no IP yet)'}`, 'cd-text'),
          el('line', { x1: wireX, y1: py + POD_BOX, x2: wireX, y2: py + POD_BOX + 12, class: `cd-veth${wireDown ? ' cd-down' : ''}` }),
          el('circle', { cx: wireX, cy: py + POD_BOX + 12, r: 2.5, class: 'cd-dot' }),
          text(wireX + 8, py + POD_BOX + 16, fit(p.nodeDev ? `${p.nodeDev.name}${wireDown ? ' (down)' : ''}` : '(no veth)', innerChars - 2), 'cd-muted'),
        ]),
      );
    });
    if (n.hostPods.length > 0) {
      kids.push(text(x + NODE_PAD, top + HEAD_H + n.pods.length * POD_BLOCK + 12, fit(hostLine(n), fitChars(colW - 2 * NODE_PAD, FONT_SMALL)), 'cd-muted cd-small'));
    }
    const eth0 = n.eth0;
    kids.push(
      text(x + colW / 2, bottom - 10, fit(`${eth0?.name ?? 'eth0'} ${eth0?.ip ?? n.internalIP}${eth0 && !eth0.up ? ' (down)' : ''}`, innerChars), 'cd-text', { 'text-anchor': 'middle' }),
      el('line', { x1: cx(i), y1: bottom, x2: cx(i), y2: busY, class: `cd-tap${eth0 && !eth0.up ? ' cd-down' : ''}` }),
      el('circle', { cx: cx(i), cy: busY, r: 3.5, class: 'cd-dot' }),
    );
    parts.push(el('g', { class: 'cd-node', 'data-node': n.name }, kids));
  });

  if (routes) {
    // Where arrows leave (left of the tap) and arrive (right of it), spread so none overlap.
    const outs = new Map<number, number>();
    const ins = new Map<number, number>();
    arrows.forEach((a, lane) => {
      const o = outs.get(a.from) ?? 0;
      const n = ins.get(a.to) ?? 0;
      outs.set(a.from, o + 1);
      ins.set(a.to, n + 1);
      const x1 = cx(a.from) - 14 - o * 10;
      const x2 = cx(a.to) + 14 + n * 10;
      const y = laneTop + lane * LANE;
      const colour = `cd-c${a.to % PALETTE}`;
      const from = c.nodes[a.from]!.name;
      const label = a.route.dst;
      const labelW = textWidth(label, FONT_SMALL);
      const mid = (x1 + x2) / 2;
      parts.push(
        el('g', { class: `cd-arrow ${colour}`, 'data-route': `${from} ${a.route.dst}` }, [
          el('title', {}, [], `${from}: ${routeText(a.route)}`),
          el('circle', { cx: x1, cy: bottom, r: 2.5, class: 'cd-arrow-dot' }),
          el('polyline', { points: `${x1},${bottom} ${x1},${y} ${x2},${y} ${x2},${bottom + 8}`, class: 'cd-arrow-line' }),
          el('polygon', { points: `${x2},${bottom + 1} ${x2 - 4.5},${bottom + 9} ${x2 + 4.5},${bottom + 9}`, class: 'cd-arrow-head' }),
          // A backing so the lines the label crosses do not run through its digits.
          el('rect', { x: mid - labelW / 2 - 3, y: y - 12, width: labelW + 6, height: 11, class: 'cd-label-bg' }),
          text(mid, y - 3, label, 'cd-arrow-label cd-small', { 'text-anchor': 'middle' }),
        ]),
      );
    });

    // Each node's peer routes as text, under the network.
    const tableTop = belowLegend + 26;
    const rows = Math.max(...c.nodes.map((n) => n.routes.length + n.missing.length));
    c.nodes.forEach((n, i) => {
      const x = colX(i);
      const kids: SvgEl[] = [text(x, tableTop, fit(`routes on ${n.name}`, fitChars(colW, FONT_SMALL)), 'cd-muted cd-small')];
      let y = tableTop + 20;
      for (const r of [...n.routes].sort((a, b) => a.dst.localeCompare(b.dst))) {
        const colour = r.viaNode !== undefined ? `cd-c${(index.get(r.viaNode) ?? 0) % PALETTE}` : 'cd-warn';
        kids.push(
          el('g', { class: 'cd-route', 'data-route-text': `${n.name} ${routeText(r)}` }, [
            text(x, y, r.type === 'unicast' ? r.dst : `${r.type} ${r.dst}`, `cd-text cd-strong cd-colour ${colour}`),
            text(x + 10, y + 15, fit(`via ${r.via ?? '-'} dev ${r.dev ?? '-'}`, innerChars), 'cd-text cd-small'),
          ]),
        );
        y += 36;
      }
      for (const m of n.missing) {
        kids.push(
          el('g', { class: 'cd-route cd-missing', 'data-missing-route': `${n.name} ${m.dst}` }, [
            text(x, y, m.dst, 'cd-text cd-strong cd-warn'),
            text(x + 10, y + 15, fit(`no route (pods of ${m.owner})`, innerChars), 'cd-warn cd-small'),
          ]),
        );
        y += 36;
      }
      parts.push(el('g', { class: 'cd-routes', 'data-routes-of': n.name }, kids));
    });
    const height = tableTop + 20 + rows * 36 + M;
    return { svg: root(width, height, ids, summary, parts, ' cd-view-routes'), summary, description };
  }

  const height = belowLegend + M + 4;
  return { svg: root(width, height, ids, summary, parts, ' cd-view-overview'), summary, description };
}

// ---- serialising ------------------------------------------------------------

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

const NAME = /^[a-zA-Z][\w:-]*$/;

/** The tree as SVG markup, every text and attribute value escaped (for the build-time figure). */
export function svgToString(node: SvgEl): string {
  if (!NAME.test(node.tag)) throw new Error(`not an element name: ${node.tag}`);
  const attrs = Object.entries(node.attrs)
    .map(([k, v]) => {
      if (!NAME.test(k)) throw new Error(`not an attribute name: ${k}`);
      return ` ${k}="${escapeAttr(String(v))}"`;
    })
    .join('');
  const inner = (node.text === undefined ? '' : escapeText(node.text)) + node.children.map(svgToString).join('');
  return `<${node.tag}${attrs}>${inner}</${node.tag}>`;
}

/** Every text in the tree, in document order (tests and the description check read it). */
export function svgTexts(node: SvgEl): string[] {
  return [...(node.text === undefined ? [] : [node.text]), ...node.children.flatMap(svgTexts)];
}

/** The description as plain lines, depth-first. */
export function descriptionLines(items: DescItem[]): string[] {
  return items.flatMap((item) => [item.text, ...descriptionLines(item.items ?? [])]);
}
