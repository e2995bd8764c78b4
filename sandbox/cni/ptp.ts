/**
 * The CNI `ptp` plugin (plugins/main/ptp/ptp.go) with host-local IPAM, which
 * is what kindnet's conflist runs for every pod:
 *  - a veth pair created from inside the container namespace (so the
 *    container end gets that namespace's next ifindex, 2 after lo) with the host
 *    end `veth` + 8 random hex digits (ip.RandomVethName);
 *  - the container address with its subnet broadcast, the IPAM routes
 *    (kindnet: default) via the gateway, then the kernel's connected route
 *    replaced by `GW dev eth0 scope link src IP` and `SUBNET via GW src IP`;
 *  - on the host end the gateway address as a /32 and a `scope host` route
 *    to the container address; ip_forward switched on.
 */
import { formatIp, parseIp, parsePrefix } from '../addr/ipv4';
import { drawByte, drawHex, hexByte } from '../model/draws';
import { allocIfindex, linkByName, netnsIdFor, TABLE_MAIN, type Link, type Netns } from '../model/netns';
import { addAddress } from '../net/addresses';
import { removeLink } from '../net/link-state';
import { insertRoute, makeRoute, removeRoutesWhere } from '../net/routes';
import { nsOf } from '../net/world';
import { hostLocalAllocate, hostLocalRelease, newHostLocal } from './host-local';
import type { CniContext, CniError, CniHost, CniPlugin, CniResult } from './types';

/** eth_random_addr: a random unicast, locally administered MAC. */
export function randomMac(host: CniHost): string {
  // The six bytes drawHex(host.draws, 'net', 6) would draw, formatted without the hex round trip.
  const d = host.draws;
  const first = hexByte((drawByte(d, 'net') & 0xfe) | 0x02);
  return [first, hexByte(drawByte(d, 'net')), hexByte(drawByte(d, 'net')), hexByte(drawByte(d, 'net')), hexByte(drawByte(d, 'net')), hexByte(drawByte(d, 'net'))].join(':');
}

function newVethName(host: CniHost, hostNs: Netns): string {
  for (;;) {
    const name = `veth${drawHex(host.draws, 'net', 4)}`;
    if (!linkByName(hostNs, name)) return name;
  }
}

function ipamSubnet(ctx: CniContext): string {
  const subnet = ctx.config.ipam?.ranges?.[0]?.[0]?.subnet;
  if (!subnet) throw new Error('ptp: IPAM config has no range');
  return subnet;
}

export const ptpPlugin: CniPlugin = {
  type: 'ptp',

  add(host: CniHost, ctx: CniContext): CniResult | CniError {
    const subnet = ipamSubnet(ctx);
    const store = (host.ipamStore[ctx.config.name] ??= newHostLocal(subnet));
    const alloc = hostLocalAllocate(store, ctx.containerId, ctx.ifName);
    if ('error' in alloc) return { code: 999, msg: alloc.error };
    const hostNs = nsOf(host.world, host.hostNetns);
    const contNs = nsOf(host.world, ctx.netns);
    hostNs.sysctls['net.ipv4.ip_forward'] = 1;

    const mtu = ctx.config.mtu ?? 1500;
    const contIndex = allocIfindex(contNs);
    const hostIndex = allocIfindex(hostNs);
    const contLink: Link = {
      ifindex: contIndex, name: ctx.ifName, kind: 'veth', mac: randomMac(host), mtu, up: true,
      peer: { netns: hostNs.name, ifindex: hostIndex }, qdisc: 'noqueue', group: 'default', qlen: 1000,
    };
    const hostLink: Link = {
      ifindex: hostIndex, name: newVethName(host, hostNs), kind: 'veth', mac: randomMac(host), mtu, up: true,
      peer: { netns: contNs.name, ifindex: contIndex }, qdisc: 'noqueue', group: 'default', qlen: 1000,
    };
    contNs.links.push(contLink);
    hostNs.links.push(hostLink);
    netnsIdFor(contNs, hostNs.name);
    netnsIdFor(hostNs, contNs.name);

    const ip = parseIp(alloc.ip)!;
    const gw = parseIp(alloc.gateway)!;
    const net = parsePrefix(subnet)!;
    // ipam.ConfigureIface: address (netlink fills in the broadcast), then the IPAM routes.
    addAddress(contNs, contIndex, { local: ip, prefixlen: alloc.prefixlen, broadcast: 'auto' });
    const routes = ctx.config.ipam?.routes ?? [];
    for (const r of routes) {
      const dst = parsePrefix(r.dst)!;
      insertRoute(contNs, makeRoute({ table: TABLE_MAIN, type: 'unicast', dst: dst.ip, dstLen: dst.len, gateway: r.gw ? parseIp(r.gw)! : gw, dev: contIndex, protocol: 'boot', scope: 'global' }));
    }
    removeRoutesWhere(contNs, (r) => r.table === TABLE_MAIN && r.protocol === 'kernel' && r.dev === contIndex && r.dstLen === net.len);
    insertRoute(contNs, makeRoute({ table: TABLE_MAIN, type: 'unicast', dst: gw, dstLen: 32, dev: contIndex, protocol: 'boot', scope: 'link', prefsrc: ip }));
    insertRoute(contNs, makeRoute({ table: TABLE_MAIN, type: 'unicast', dst: net.ip, dstLen: net.len, gateway: gw, dev: contIndex, protocol: 'boot', scope: 'global', prefsrc: ip }));

    // setupHostVeth: gateway /32 on the host end, host route to the container.
    addAddress(hostNs, hostIndex, { local: gw, prefixlen: 32 });
    insertRoute(hostNs, makeRoute({ table: TABLE_MAIN, type: 'unicast', dst: ip, dstLen: 32, dev: hostIndex, protocol: 'boot', scope: 'host' }));

    return {
      cniVersion: ctx.config.cniVersion,
      interfaces: [
        { name: hostLink.name, mac: hostLink.mac },
        { name: contLink.name, mac: contLink.mac, sandbox: ctx.netns },
      ],
      ips: [{ interface: 1, address: `${alloc.ip}/${alloc.prefixlen}`, gateway: alloc.gateway }],
      routes: routes.map((r) => ({ ...r })),
      dns: {},
    };
  },

  del(host: CniHost, ctx: CniContext): CniError | null {
    const store = host.ipamStore[ctx.config.name];
    if (store) hostLocalRelease(store, ctx.containerId, ctx.ifName);
    const contNs = host.world.netns[ctx.netns];
    if (!contNs) return null; // DEL must tolerate a namespace that is already gone
    const link = linkByName(contNs, ctx.ifName);
    if (!link) return null;
    // Deleting one end of a veth destroys the pair.
    if (link.peer) {
      const peerNs = host.world.netns[link.peer.netns];
      if (peerNs) removeLink(peerNs, link.peer.ifindex);
    }
    removeLink(contNs, link.ifindex);
    return null;
  },

  check(host: CniHost, ctx: CniContext): CniError | null {
    const contNs = host.world.netns[ctx.netns];
    const link = contNs && linkByName(contNs, ctx.ifName);
    if (!link) return { code: 999, msg: `ptp: Container Interface name in prevResult: ${ctx.ifName} not found` };
    const owned = Object.entries(host.ipamStore[ctx.config.name]?.allocated ?? {}).find(([, o]) => o === `${ctx.containerId}\n${ctx.ifName}`);
    if (!owned || !contNs.addresses.some((a) => a.ifindex === link.ifindex && formatIp(a.local) === owned[0])) {
      return { code: 999, msg: `ptp: address of ${ctx.ifName} does not match IPAM allocation` };
    }
    return null;
  },
};
