/**
 * Export the lab's current network as a POSIX shell script that rebuilds it in
 * real Linux network namespaces (root, iproute2), so the engine can be checked
 * against a real kernel: one netns per node, per pod that has its own network,
 * and one for the docker host (the node network's bridge and gateway).
 *
 * What the script reproduces: links (veth pairs with the engine's names, ifindex,
 * MACs, MTUs and txqueuelen; bridges and their ports; up/down), the ids the
 * namespaces know each other by (link-netnsid), addresses (flags, broadcast,
 * scope, label), every route that is not the kernel's own (all tables; the
 * engine has no policy rules), the sysctls the engine models, and the nat
 * tables (with iptables-restore, when present). Routes with `proto kernel` are never added
 * by hand: they come from the address configuration exactly as the kernel makes
 * them, and the only ones touched are those the engine no longer has (e.g. the
 * pod's connected /24 that ptp deletes), which are deleted after the fact. So a
 * difference between the engine's idea of the kernel's routes and the
 * kernel's own stays visible.
 *
 * Order follows how the real state came about: links are registered in the
 * order each namespace lists them (the kernel's device list order, which
 * source address selection walks), everything is configured with the links up
 * and links that are down are taken down last, so the kernel applies its own
 * link-down flush.
 *
 * New namespaces copy the IPv4 device settings of the machine's initial
 * namespace (net.core.devconf_inherit_init_net=0), so every setting that
 * changes routing is written explicitly, including the kernel defaults the
 * engine assumes. IPv6 is switched off: the engine models IPv4 only.
 */
import { formatIp } from '../addr/ipv4';
import type { ClusterState } from '../model/cluster';
import type { Address, Link, Netns, Route } from '../model/netns';
import { createNetns, linkByIndex, TABLE_LOCAL, TABLE_MAIN } from '../model/netns';
import { addAddress } from '../net/addresses';
import { setLinkUp } from '../net/link-state';
import { sameRoute } from '../net/routes';

export interface NetnsExportOptions {
  /** Prepended to every namespace name: letters, digits, `.`, `_`, `-`; at most 40 characters. */
  prefix: string;
  /** Write the nat tables with iptables-restore when it is installed (default true). */
  iptables?: boolean;
}

export interface NetnsExport {
  /** Engine namespace name (node, `namespace/pod`, `docker-host`) -> Linux netns name. */
  names: Record<string, string>;
  /** Builds everything; exits non-zero on the first failing command. */
  setup: string;
  /** Deletes every namespace the setup creates (and with them their veths); never fails. */
  teardown: string;
}

/** NAME_MAX is 255; keep names short enough to read and well inside it. */
const MAX_NETNS_NAME = 100;

const LOOPBACK_ADDR = 0x7f000001;

function q(s: string): string {
  return /^[A-Za-z0-9_.:/@%+=-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function fnv32(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** The Linux netns name for an engine namespace: `docker-host` -> PREFIXhost, `ns/pod` -> PREFIXns_pod. */
export function linuxNetnsName(prefix: string, engineName: string): string {
  const base = engineName === 'docker-host' ? 'host' : engineName.replace(/\//g, '_').replace(/[^A-Za-z0-9_.-]/g, '-');
  const name = prefix + base;
  if (name.length <= MAX_NETNS_NAME) return name;
  return `${name.slice(0, MAX_NETNS_NAME - 9)}-${fnv32(engineName)}`;
}

function checkPrefix(prefix: string): void {
  if (!/^[A-Za-z0-9_.-]{1,40}$/.test(prefix)) throw new Error(`netns prefix must be 1-40 of [A-Za-z0-9_.-], got "${prefix}"`);
}

function dstText(r: Route): string {
  return r.dstLen === 0 ? 'default' : `${formatIp(r.dst)}/${r.dstLen}`;
}

function devName(ns: Netns, ifindex: number): string {
  return linkByIndex(ns, ifindex)?.name ?? `if${ifindex}`;
}

/** `ip route add|del` arguments that name this route exactly. */
function routeArgs(ns: Netns, r: Route): string {
  const a: string[] = [];
  if (r.type !== 'unicast') a.push(r.type);
  a.push(dstText(r));
  if (r.gateway !== undefined) a.push('via', formatIp(r.gateway));
  if (r.dev !== undefined) a.push('dev', q(devName(ns, r.dev)));
  if (r.table !== TABLE_MAIN) a.push('table', String(r.table));
  a.push('proto', q(r.protocol), 'scope', r.scope);
  if (r.prefsrc !== undefined) a.push('src', formatIp(r.prefsrc));
  if (r.metric) a.push('metric', String(r.metric));
  if (r.onlink) a.push('onlink');
  return a.join(' ');
}

function addrArgs(ns: Netns, a: Address): string {
  const dev = devName(ns, a.ifindex);
  const parts = [`${formatIp(a.local)}/${a.prefixlen}`];
  if (a.broadcast !== undefined) parts.push('brd', formatIp(a.broadcast));
  parts.push('scope', a.scope);
  if (a.label !== dev) parts.push('label', q(a.label));
  if (a.noprefixroute) parts.push('noprefixroute');
  parts.push('dev', q(dev));
  return parts.join(' ');
}

function linkAttrs(l: Link): string {
  return `index ${l.ifindex} address ${l.mac} mtu ${l.mtu} txqueuelen ${l.qlen}`;
}

/**
 * The routes the kernel itself holds once the addresses are configured and the
 * down links are taken down: the engine's own model of fib_add_ifaddr and the
 * link-down flush, run on a scratch copy that has the links but no routes.
 */
function predictedKernelRoutes(ns: Netns): Route[] {
  const scratch = createNetns(ns.name, ns.kind);
  scratch.links = ns.links.map((l) => ({ ...l, up: true }));
  const loopAuto = ns.links.find((l) => l.kind === 'loopback');
  if (loopAuto) addAddress(scratch, loopAuto.ifindex, { local: LOOPBACK_ADDR, prefixlen: 8, scope: 'host' });
  for (const a of ns.addresses) {
    if (isLoopbackAuto(ns, a)) continue;
    addAddress(scratch, a.ifindex, {
      local: a.local, prefixlen: a.prefixlen, scope: a.scope, label: a.label,
      ...(a.broadcast !== undefined ? { broadcast: a.broadcast } : {}),
      ...(a.noprefixroute ? { noprefixroute: true } : {}),
    });
  }
  if (loopAuto && !ns.addresses.some((a) => isLoopbackAuto(ns, a))) {
    scratch.routes = scratch.routes.filter((r) => !(r.prefsrc === LOOPBACK_ADDR && r.dev === loopAuto.ifindex));
  }
  for (const l of ns.links) if (!l.up) setLinkUp(scratch, scratch.links.find((x) => x.ifindex === l.ifindex)!, false);
  return scratch.routes.filter((r) => r.protocol === 'kernel');
}

/** 127.0.0.1/8 on lo: the kernel configures it itself when lo first comes up. */
function isLoopbackAuto(ns: Netns, a: Address): boolean {
  const l = linkByIndex(ns, a.ifindex);
  return !!l && l.kind === 'loopback' && a.local === LOOPBACK_ADDR && a.prefixlen === 8 && a.scope === 'host' && a.broadcast === undefined && !a.noprefixroute;
}

/** The fib alias slot: a second route there needs `append`, so the kernel's own must go first. */
function sameSlot(a: Route, b: Route): boolean {
  return a.table === b.table && a.dst === b.dst && a.dstLen === b.dstLen && a.metric === b.metric;
}

interface LinkStep {
  ns: Netns;
  link: Link;
  /** The other end, created by the same command. */
  peer?: { ns: Netns; link: Link };
}

/**
 * Link creations in an order that keeps every namespace's device list in the
 * engine's order: a veth pair is created when it is next in both namespaces.
 */
function linkSteps(state: ClusterState, names: string[]): LinkStep[] {
  const pending = new Map<string, Link[]>();
  for (const n of names) pending.set(n, state.netns[n]!.links.filter((l) => l.kind !== 'loopback'));
  const steps: LinkStep[] = [];
  const take = (nsName: string, link: Link) => {
    const list = pending.get(nsName)!;
    list.splice(list.indexOf(link), 1);
  };
  const peerOf = (ns: Netns, l: Link): { ns: Netns; link: Link } | undefined => {
    if (l.kind !== 'veth' || !l.peer) return undefined;
    const pns = state.netns[l.peer.netns];
    const pl = pns && linkByIndex(pns, l.peer.ifindex);
    return pns && pl && pending.get(pns.name)?.includes(pl) && !(pns === ns && pl === l) ? { ns: pns, link: pl } : undefined;
  };
  for (;;) {
    let progress = false;
    for (const n of names) {
      const list = pending.get(n)!;
      while (list.length) {
        const ns = state.netns[n]!;
        const l = list[0]!;
        const p = peerOf(ns, l);
        if (p && p.ns !== ns && pending.get(p.ns.name)![0] !== p.link) break;
        take(n, l);
        if (p) take(p.ns.name, p.link);
        steps.push(p ? { ns, link: l, peer: p } : { ns, link: l });
        progress = true;
      }
    }
    if ([...pending.values()].every((l) => l.length === 0)) return steps;
    if (!progress) {
      // Orders that contradict each other cannot come from one history; create the first blocked pair anyway.
      const n = names.find((x) => pending.get(x)!.length)!;
      const ns = state.netns[n]!;
      const l = pending.get(n)![0]!;
      const p = peerOf(ns, l)!;
      take(n, l);
      take(p.ns.name, p.link);
      steps.push({ ns, link: l, peer: p });
    }
  }
}

/** Keys the engine models, plus kernel defaults it assumes that a new netns would otherwise copy from the host. */
function sysctlLines(ns: Netns): string[] {
  const s = ns.sysctls;
  return [
    // IPv6 off everywhere (the engine has no IPv6): no link-local addresses, no DAD or router solicitations.
    '[ ! -d /proc/sys/net/ipv6 ] || { echo 1 > /proc/sys/net/ipv6/conf/default/disable_ipv6; echo 1 > /proc/sys/net/ipv6/conf/all/disable_ipv6; }',
    // ip_forward writes conf/all, conf/default and every device's forwarding.
    `echo ${s['net.ipv4.ip_forward']} > /proc/sys/net/ipv4/ip_forward`,
    // The effective rp_filter of a device is max(all, device): devices start from default = 0.
    'echo 0 > /proc/sys/net/ipv4/conf/default/rp_filter',
    `echo ${s['net.ipv4.conf.all.rp_filter']} > /proc/sys/net/ipv4/conf/all/rp_filter`,
    ...['accept_local', 'route_localnet', 'arp_ignore', 'arp_announce', 'arp_filter', 'proxy_arp', 'ignore_routes_with_linkdown'].flatMap((k) => [
      `echo 0 > /proc/sys/net/ipv4/conf/default/${k}`,
      `echo 0 > /proc/sys/net/ipv4/conf/all/${k}`,
    ]),
  ];
}

function iptablesRestore(state: ClusterState, engineName: string): string | null {
  const nat = state.iptables[engineName]?.nat;
  if (!nat || (nat.rules.length === 0 && nat.chains.length === 0)) return null;
  const builtin = ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'];
  const lines = ['*nat'];
  const chains = [...builtin.map((name) => nat.chains.find((c) => c.name === name) ?? { name, policy: 'ACCEPT' as const }), ...nat.chains.filter((c) => !builtin.includes(c.name))];
  for (const c of chains) lines.push(`:${c.name} ${builtin.includes(c.name) ? c.policy ?? 'ACCEPT' : '-'} [0:0]`);
  for (const r of nat.rules) lines.push(`-A ${r.chain} ${r.spec.map((a) => (/^[^\s"']+$/.test(a) ? a : `"${a.replace(/(["\\])/g, '\\$1')}"`)).join(' ')}`);
  lines.push('COMMIT');
  return lines.join('\n');
}

export function exportNetns(state: ClusterState, opts: NetnsExportOptions): NetnsExport {
  checkPrefix(opts.prefix);
  const engineNames = Object.keys(state.netns);
  // The docker host first, then nodes, then pods: the order things came up in.
  const rank = (n: string) => (state.netns[n]!.kind === 'host' ? 0 : state.netns[n]!.kind === 'node' ? 1 : 2);
  engineNames.sort((a, b) => rank(a) - rank(b));
  const names: Record<string, string> = {};
  for (const n of engineNames) names[n] = linuxNetnsName(opts.prefix, n);
  const taken = new Set<string>();
  for (const n of engineNames) {
    if (taken.has(names[n]!)) throw new Error(`two namespaces map to the netns name ${names[n]}`);
    taken.add(names[n]!);
  }
  for (const n of engineNames) {
    for (const l of state.netns[n]!.links) {
      // IFNAMSIZ is 16 with the NUL: `veth` + 8 hex fits, a longer name would be refused by the kernel.
      if (l.name.length > 15 || !/^[^\s/:]+$/.test(l.name)) throw new Error(`link name "${l.name}" in ${n} is not a valid Linux interface name`);
    }
  }
  const L = (n: string) => q(names[n]!);
  const out: string[] = [
    '#!/bin/sh',
    `# Podlab lab network: profile ${state.profile}, seed ${state.seed}, t=${state.clock.now} ms, ${engineNames.length} namespaces.`,
    '# Rebuilds it in Linux network namespaces; run as root with iproute2. Undo with the teardown script.',
    'set -eu',
    '',
    '# Namespaces and their sysctls (before any device exists, so devices inherit conf/default).',
  ];
  for (const n of engineNames) {
    out.push(`ip netns add ${L(n)}  # ${n}`);
  }
  for (const n of engineNames) {
    out.push(`ip netns exec ${L(n)} sh -c ${q(sysctlLines(state.netns[n]!).join('; '))}`);
  }
  out.push('', '# The ids each namespace knows its peers by (link-netnsid), before the kernel picks its own.');
  for (const n of engineNames) {
    const ids = Object.entries(state.netns[n]!.nsids).filter(([peer]) => names[peer] !== undefined).sort((x, y) => x[1] - y[1]);
    for (const [peer, id] of ids) out.push(`ip -n ${L(n)} netns set ${L(peer)} ${id}`);
  }

  out.push('', '# Links, in each namespace\'s device order.');
  // lo comes up first (and goes down at the end if it is down): that is when the kernel gives it 127.0.0.1/8.
  for (const n of engineNames) {
    if (state.netns[n]!.links.some((l) => l.kind === 'loopback')) out.push(`ip -n ${L(n)} link set lo up`);
  }
  for (const step of linkSteps(state, engineNames)) {
    const { ns, link } = step;
    const N = L(ns.name);
    if (link.kind === 'bridge') {
      out.push(`ip -n ${N} link add name ${q(link.name)} ${linkAttrs(link)} type bridge`);
    } else if (link.kind === 'veth' && step.peer) {
      const p = step.peer;
      const where = p.ns === ns ? '' : ` netns ${L(p.ns.name)}`;
      out.push(`ip -n ${N} link add name ${q(link.name)} ${linkAttrs(link)} type veth peer name ${q(p.link.name)} ${linkAttrs(p.link)}${where}`);
    } else if (link.kind === 'veth') {
      // The other end is gone from the lab: a peer that stays down keeps this end without carrier.
      out.push(`ip -n ${N} link add name ${q(link.name)} ${linkAttrs(link)} type veth peer name ${q(`${link.name.slice(0, 10)}-peer`)}`);
    }
  }
  for (const n of engineNames) {
    const ns = state.netns[n]!;
    for (const l of ns.links) {
      if (l.master !== undefined) out.push(`ip -n ${L(n)} link set ${q(l.name)} master ${q(devName(ns, l.master))}`);
    }
  }
  for (const n of engineNames) {
    for (const l of state.netns[n]!.links) if (l.kind !== 'loopback') out.push(`ip -n ${L(n)} link set ${q(l.name)} up`);
  }

  out.push('', '# Addresses (the kernel adds their local, broadcast and prefix routes).');
  for (const n of engineNames) {
    const ns = state.netns[n]!;
    const lo = ns.links.find((l) => l.kind === 'loopback');
    if (lo && !ns.addresses.some((a) => isLoopbackAuto(ns, a))) out.push(`ip -n ${L(n)} addr del 127.0.0.1/8 dev lo`);
    for (const a of ns.addresses) {
      if (isLoopbackAuto(ns, a)) continue;
      out.push(`ip -n ${L(n)} addr add ${addrArgs(ns, a)}`);
    }
  }

  out.push('', '# Routes that are not the kernel\'s own: device routes first, then routes via a gateway. Kernel routes', '# the lab no longer has (e.g. the connected /24 the ptp plugin replaces) are deleted before a route takes their slot.');
  const removals: string[] = [];
  for (const n of engineNames) {
    const ns = state.netns[n]!;
    const predicted = predictedKernelRoutes(ns);
    const doomed = predicted.filter((r) => !ns.routes.some((x) => sameRoute(x, r)));
    const own = ns.routes.filter((r) => r.protocol !== 'kernel');
    for (const r of [...own.filter((x) => x.gateway === undefined), ...own.filter((x) => x.gateway !== undefined)]) {
      for (const d of doomed.filter((x) => sameSlot(x, r))) {
        out.push(`ip -n ${L(n)} route del ${routeArgs(ns, d)}`);
        doomed.splice(doomed.indexOf(d), 1);
      }
      out.push(`ip -n ${L(n)} route add ${routeArgs(ns, r)}`);
    }
    removals.push(...doomed.map((d) => `ip -n ${L(n)} route del ${routeArgs(ns, d)}`));
    for (const r of ns.routes) {
      if (r.protocol === 'kernel' && !predicted.some((x) => sameRoute(x, r))) {
        out.push(`# not reproducible from the addresses, left out: ${routeArgs(ns, r)}`);
      }
    }
  }
  if (removals.length) out.push('', '# Other kernel routes the lab no longer has.', ...removals);

  const down = engineNames.flatMap((n) => state.netns[n]!.links.filter((l) => !l.up).map((l) => `ip -n ${L(n)} link set ${q(l.name)} down`));
  if (down.length) out.push('', '# Links that are down (the kernel flushes their routes itself).', ...down);

  if (opts.iptables ?? true) {
    const nat = engineNames.flatMap((n) => {
      const rules = iptablesRestore(state, n);
      return rules ? [`ip netns exec ${L(n)} iptables-restore <<'EOF'`, rules, 'EOF'] : [];
    });
    if (nat.length) {
      out.push('', '# nat tables (kindnet\'s masquerade, docker\'s rules).');
      out.push('if command -v iptables-restore >/dev/null 2>&1; then');
      out.push(...nat);
      out.push('else', '  echo "iptables-restore not found: nat tables left out (pod-to-node traffic is not masqueraded)" >&2', 'fi');
    }
  }
  out.push('');

  const teardown = [
    '#!/bin/sh',
    `# Removes the namespaces of the Podlab export (profile ${state.profile}, seed ${state.seed}).`,
    ...[...engineNames].reverse().map((n) => `ip netns del ${L(n)} 2>/dev/null || true`),
    '',
  ].join('\n');
  return { names, setup: out.join('\n'), teardown };
}
