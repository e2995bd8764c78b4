/**
 * `route` / `route -n`: net-tools (lib/inet_gr.c rprint_fib) and busybox
 * (networking/route.c). Both read /proc/net/route, i.e. the main table in
 * the order `ip route` lists it. Header and columns:
 * "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s" (busybox: "%-15.15s %-15.15s
 * %-16s%-6s" then the same numbers). Without -n net-tools resolves names;
 * with no DNS in the lab only `default` is named (documented decision);
 * busybox also prints `*` for an unset gateway.
 */
import { formatIp } from '../../addr/ipv4';
import type { Netns } from '../../model/netns';
import { TABLE_MAIN } from '../../model/netns';
import { selectRoutes } from './iproute2-route';

export const ROUTE_HEADER = 'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

export function formatRouteTable(ns: Netns, opts: { numeric: boolean; busybox: boolean }): string {
  let s = ROUTE_HEADER;
  for (const r of selectRoutes(ns, TABLE_MAIN)) {
    if (r.type === 'broadcast' || r.type === 'local' || r.type === 'throw') continue;
    const reject = r.type === 'unreachable' || r.type === 'prohibit' || r.type === 'blackhole';
    let flags = 'U';
    if (r.gateway !== undefined) flags += 'G';
    if (r.dstLen === 32) flags += 'H';
    if (reject) flags = '!' + (r.dstLen === 32 ? 'H' : '');
    const dst = r.dstLen === 0 && !opts.numeric ? 'default' : formatIp(r.dst);
    let gw = r.gateway !== undefined ? formatIp(r.gateway) : '0.0.0.0';
    if (r.gateway === undefined && !opts.numeric && opts.busybox) gw = '*';
    if (reject && !opts.busybox) gw = '-';
    const mask = formatIp(r.mask >>> 0);
    const iface = r.dev !== undefined ? ns.links.find((l) => l.ifindex === r.dev)?.name ?? '*' : reject && !opts.busybox ? '-' : '*';
    if (opts.busybox) {
      s += `${dst.slice(0, 15).padEnd(15)} ${gw.slice(0, 15).padEnd(15)} ${mask.padEnd(16)}${flags.padEnd(6)}${String(r.metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`;
    } else if (reject) {
      s += `${dst.padEnd(15)} ${gw.padEnd(15)} ${mask.padEnd(15)} ${flags.padEnd(5)} ${String(r.metric).padEnd(6)} ${'-'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`;
    } else {
      s += `${dst.padEnd(15)} ${gw.padEnd(15)} ${mask.padEnd(15)} ${flags.padEnd(5)} ${String(r.metric).padEnd(6)} ${'0'.padEnd(2)} ${'0'.padStart(7)} ${iface}\n`;
    }
  }
  return s;
}
