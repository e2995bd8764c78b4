/**
 * `route` (net-tools 1.60, Ubuntu's net-tools package; busybox's applet in
 * Alpine/busybox images). Listing only; `route add/del` answer as a
 * non-root user would or point at `ip route` (see the report).
 */
import type { CommandContext, CommandSpec } from '../types';
import { formatRouteTable } from '../format/route-nettools';
import { netPlace, noNetns } from './net/common';

const NETTOOLS_USAGE = `Usage: route [-nNvee] [-FC] [<AF>]           List kernel routing tables
       route [-v] [-FC] {add|del|flush} ...  Modify routing table for AF.

       route {-h|--help} [<AF>]              Detailed usage syntax for specified AF.
       route {-V|--version}                  Display version/author and exit.

        -v, --verbose            be verbose
        -n, --numeric            don't resolve names
        -e, --extend             display other/more information
        -F, --fib                display Forwarding Information Base (default)
        -C, --cache              display routing cache instead of FIB

  <AF>=Use -4, -6, '-A <af>' or '--<af>'; default: inet
  List of possible address families (which support routing):
    inet (DARPA Internet) inet6 (IPv6) ax25 (AMPR AX.25) 
    netrom (AMPR NET/ROM) rose (AMPR ROSE) ipx (Novell IPX) 
    ddp (Appletalk DDP) x25 (CCITT X.25) 
`;

function run(ctx: CommandContext): number {
  const bb = ctx.flavor === 'busybox';
  let numeric = false;
  const rest: string[] = [];
  for (const a of ctx.args) {
    if (a === '--numeric') numeric = true;
    else if (a === '-h' || a === '--help') {
      ctx.io.out(NETTOOLS_USAGE);
      return 0;
    } else if (/^-[nNveFC4]+$/.test(a)) {
      if (a.includes('n')) numeric = true;
    } else if (a.startsWith('-')) {
      if (bb) ctx.io.err(`route: invalid option -- '${a.replace(/^-+/, '').charAt(0)}'\nBusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: route [{add|del|delete}]\n`);
      else ctx.io.err(`route: invalid option -- '${a.replace(/^-+/, '').charAt(0)}'\n${NETTOOLS_USAGE}`);
      return bb ? 1 : 1;
    } else rest.push(a);
  }
  if (rest.length > 0) {
    const verb = rest[0] as string;
    if (['add', 'del', 'delete', 'flush'].includes(verb)) {
      if (ctx.place.uid !== 0) {
        ctx.io.err('SIOCADDRT: Operation not permitted\n');
        return 7;
      }
      ctx.io.err(`podlab: "route ${verb}" is not simulated; use "ip route ${verb === 'delete' ? 'del' : verb} ..." instead\n`);
      return 1;
    }
    if (bb) ctx.io.err(`BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.\n\nUsage: route [{add|del|delete}]\n`);
    else ctx.io.err(NETTOOLS_USAGE);
    return bb ? 1 : 4;
  }
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'route');
  ctx.io.out(formatRouteTable(np.ns, { numeric, busybox: bb }));
  return 0;
}

export const route: CommandSpec = {
  name: 'route',
  summary: 'show the kernel routing table (net-tools or busybox)',
  usage: 'route [-n]',
  run,
};
