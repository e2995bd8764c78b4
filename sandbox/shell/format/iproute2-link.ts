/**
 * `ip link` / `ip addr` output as iproute2 6.1 prints it (ip/ipaddress.c
 * print_linkinfo, print_addrinfo; lib/utils.c print_name_and_link): a veth
 * whose peer lives in another namespace shows `@ifN` and `link-netnsid N`;
 * `qlen` only when non-zero (so the header otherwise ends with a space);
 * addresses with `valid_lft forever preferred_lft forever`. `-j` uses the
 * same keys in the same order.
 */
import { formatIp } from '../../addr/ipv4';
import type { Address, Link, Netns } from '../../model/netns';
import { linkByIndex } from '../../model/netns';
import { linkFlags, operState } from '../../net/links';
import type { World } from '../../net/world';

const INFINITY_LIFE_TIME = 4294967295;

export interface LinkOptions {
  /** `ip link` prints `mode DEFAULT`; `ip addr` does not. */
  link?: boolean;
  /** `ip -4 addr`: no link/ether line. */
  family4?: boolean;
}

function peerInfo(ns: Netns, l: Link): { linkIndex?: number; linkName?: string; netnsid?: number } {
  if (!l.peer) return {};
  if (l.peer.netns === ns.name) return { linkName: linkByIndex(ns, l.peer.ifindex)?.name ?? `if${l.peer.ifindex}` };
  return { linkIndex: l.peer.ifindex, netnsid: ns.nsids[l.peer.netns] ?? 0 };
}

function linkType(l: Link): string {
  return l.kind === 'loopback' ? 'loopback' : 'ether';
}

function brdMac(l: Link): string {
  return l.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff';
}

export function formatLinkHeader(world: World, ns: Netns, l: Link, opts: LinkOptions = {}): string {
  const p = peerInfo(ns, l);
  const name = p.linkIndex !== undefined ? `${l.name}@if${p.linkIndex}` : p.linkName ? `${l.name}@${p.linkName}` : l.name;
  let s = `${l.ifindex}: ${name}: <${linkFlags(world, ns, l).join(',')}> mtu ${l.mtu} qdisc ${l.qdisc} `;
  if (l.master !== undefined) s += `master ${linkByIndex(ns, l.master)?.name ?? `if${l.master}`} `;
  s += `state ${operState(world, ns, l)} `;
  if (opts.link) s += 'mode DEFAULT ';
  s += `group ${l.group} `;
  if (l.qlen) s += `qlen ${l.qlen}`;
  if (!opts.family4) s += `\n    link/${linkType(l)} ${l.mac} brd ${brdMac(l)}`;
  if (p.netnsid !== undefined) s += ` link-netnsid ${p.netnsid}`;
  return `${s}\n`;
}

export function formatAddress(a: Address): string {
  let s = `    inet ${formatIp(a.local)}/${a.prefixlen} `;
  if (a.broadcast !== undefined) s += `brd ${formatIp(a.broadcast)} `;
  s += `scope ${a.scope} `;
  if (a.secondary) s += 'secondary ';
  if (a.noprefixroute) s += 'noprefixroute ';
  s += `${a.label}\n       valid_lft forever preferred_lft forever\n`;
  return s;
}

function addressesOf(ns: Netns, l: Link): Address[] {
  const own = ns.addresses.filter((a) => a.ifindex === l.ifindex);
  return [...own.filter((a) => !a.secondary), ...own.filter((a) => a.secondary)];
}

function selectLinks(ns: Netns, dev?: string): Link[] {
  return [...ns.links].sort((a, b) => a.ifindex - b.ifindex).filter((l) => dev === undefined || l.name === dev);
}

export function formatIpAddr(world: World, ns: Netns, opts: { dev?: string; family4?: boolean } = {}): string {
  return selectLinks(ns, opts.dev)
    // With a family filter iproute2 skips links that have no address of that family.
    .filter((l) => !opts.family4 || addressesOf(ns, l).length > 0)
    .map((l) => formatLinkHeader(world, ns, l, { family4: opts.family4 ?? false }) + addressesOf(ns, l).map(formatAddress).join(''))
    .join('');
}

export function formatIpLink(world: World, ns: Netns, opts: { dev?: string } = {}): string {
  return selectLinks(ns, opts.dev).map((l) => formatLinkHeader(world, ns, l, { link: true })).join('');
}

function linkJson(world: World, ns: Netns, l: Link, link: boolean): Record<string, unknown> {
  const p = peerInfo(ns, l);
  const o: Record<string, unknown> = { ifindex: l.ifindex };
  if (p.linkIndex !== undefined) o.link_index = p.linkIndex;
  if (p.linkName !== undefined) o.link = p.linkName;
  o.ifname = l.name;
  o.flags = linkFlags(world, ns, l);
  o.mtu = l.mtu;
  o.qdisc = l.qdisc;
  if (l.master !== undefined) o.master = linkByIndex(ns, l.master)?.name;
  o.operstate = operState(world, ns, l);
  if (link) o.linkmode = 'DEFAULT';
  o.group = l.group;
  if (l.qlen) o.txqlen = l.qlen;
  o.link_type = linkType(l);
  o.address = l.mac;
  o.broadcast = brdMac(l);
  if (p.netnsid !== undefined) o.link_netnsid = p.netnsid;
  return o;
}

export function addrInfoJson(a: Address): Record<string, unknown> {
  const o: Record<string, unknown> = { family: 'inet', local: formatIp(a.local), prefixlen: a.prefixlen };
  if (a.broadcast !== undefined) o.broadcast = formatIp(a.broadcast);
  o.scope = a.scope;
  if (a.secondary) o.secondary = true;
  if (a.noprefixroute) o.noprefixroute = true;
  o.label = a.label;
  o.valid_life_time = INFINITY_LIFE_TIME;
  o.preferred_life_time = INFINITY_LIFE_TIME;
  return o;
}

export function ipAddrJson(world: World, ns: Netns, opts: { dev?: string } = {}): Array<Record<string, unknown>> {
  return selectLinks(ns, opts.dev).map((l) => ({ ...linkJson(world, ns, l, false), addr_info: addressesOf(ns, l).map(addrInfoJson) }));
}

export function ipLinkJson(world: World, ns: Netns, opts: { dev?: string } = {}): Array<Record<string, unknown>> {
  return selectLinks(ns, opts.dev).map((l) => linkJson(world, ns, l, true));
}
