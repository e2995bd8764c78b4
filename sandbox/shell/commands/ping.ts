/**
 * ping, iputils (Ubuntu: kicbase nodes, the AKS debug image, netshoot) or
 * busybox (Alpine/busybox images). Replies, TTLs and ICMP errors come from
 * the engine's trace of each echo request; times are a deterministic function
 * of the path and the seed. Without -c (or -w) real ping runs until Ctrl-C:
 * the lab plays the learner pressing Ctrl-C after the 4th probe, so the output
 * shows `^C` before the summary exactly as a terminal would.
 */
import type { CommandContext, CommandSpec } from '../types';
import { busyboxSummary, ICMP_TEXT, iputilsSummary, iputilsTime, ms3, type PingStats } from '../format/ping';
import { addressName, jitter, lookupHost, netPlace, noNetns } from './net/common';
import { GAI_STRERROR } from './net/dns';
import { getopt } from './net/getopt';
import { probe } from './net/probe';
import { clusterAddresses } from '../complete';

const CTRL_C_AFTER = 4;

const IPUTILS_USAGE = `
Usage
  ping [options] <destination>

Options:
  <destination>      dns name or ip address
  -a                 use audible ping
  -A                 use adaptive ping
  -B                 sticky source address
  -c <count>         stop after <count> replies
  -D                 print timestamps
  -d                 use SO_DEBUG socket option
  -f                 flood ping
  -h                 print help and exit
  -I <interface>     either interface name or address
  -i <interval>      seconds between sending each packet
  -L                 suppress loopback of multicast packets
  -l <preload>       send <preload> number of packages while waiting replies
  -m <mark>          tag the packets going out
  -M <pmtud opt>     define mtu discovery, can be one of <do|dont|want>
  -n                 no dns name resolution
  -O                 report outstanding replies
  -p <pattern>       contents of padding byte
  -q                 quiet output
  -Q <tclass>        use quality of service <tclass> bits
  -s <size>          use <size> as number of data bytes to be sent
  -S <size>          use <size> as SO_SNDBUF socket option value
  -t <ttl>           define time to live
  -U                 print user-to-user latency
  -v                 verbose output
  -V                 print version and exit
  -w <deadline>      reply wait <deadline> in seconds
  -W <timeout>       time to wait for response

IPv4 options:
  -4                 use IPv4
  -b                 allow pinging broadcast
  -R                 record route
  -T <timestamp>     define timestamp, can be one of <tsonly|tsandaddr|tsprespec>

IPv6 options:
  -6                 use IPv6
  -F <flowlabel>     define flow label, default is random
  -N <nodeinfo opt>  use icmp6 node info query, try <help> as argument

For more details see ping(8).
`;

const BUSYBOX_USAGE = `BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.

Usage: ping [OPTIONS] HOST

Send ICMP ECHO_REQUESTs to HOST

	-4,-6		Force IP or IPv6 name resolution
	-c CNT		Send only CNT pings
	-s SIZE		Send SIZE data bytes in packets (default 56)
	-i SECS		Interval
	-A		Ping as soon as reply is received
	-t TTL		Set TTL
	-I IFACE/IP	Source interface or IP address
	-W SEC		Seconds to wait for the first response (default 10)
			(after all -c CNT packets are sent)
	-w SEC		Seconds until ping exits (default:infinite)
			(can exceed -c CNT x -i SECS)
	-q		Quiet, only display output at start/finish
	-p HEXBYTE	Payload pattern
`;

function num(text: string): number | null {
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}

function run(ctx: CommandContext): number {
  const bb = ctx.flavor === 'busybox';
  const { io } = ctx;
  const g = getopt(ctx.args, bb ? '46c:s:i:At:I:W:w:qp:' : '46aAbBc:dDfF:hi:I:l:Lm:M:nN:Op:qQ:rRs:S:t:T:UvVw:W:');
  if (g.error) {
    const msg = g.error.kind === 'invalid' ? `invalid option -- '${g.error.opt}'` : `option requires an argument -- '${g.error.opt}'`;
    if (bb) io.err(`ping: ${msg}\n${BUSYBOX_USAGE}`);
    else io.err(`ping: ${msg}\n${IPUTILS_USAGE}`);
    return bb ? 1 : 2;
  }
  let count: number | undefined;
  let interval = 1;
  let deadline: number | undefined;
  let size = 56;
  let ttl = 64;
  let quiet = false;
  for (const { opt, value = '' } of g.opts) {
    const bad = () => {
      io.err(bb ? `ping: invalid number '${value}'\n` : `ping: invalid argument: '${value}'\n`);
      return bb ? 1 : 2;
    };
    if (opt === 'h' && !bb) {
      io.out(IPUTILS_USAGE);
      return 2;
    }
    if (opt === 'V' && !bb) {
      io.out('ping from iputils 20211215\n');
      return 0;
    }
    if (opt === 'c') {
      const n = num(value);
      if (n === null || !Number.isInteger(n) || n < 1) return bad();
      count = n;
    } else if (opt === 'i') {
      const n = num(value);
      if (n === null) return bad();
      if (!bb && n < 0.2 && ctx.place.uid !== 0) {
        io.err('ping: cannot flood; minimal interval allowed for user is 200ms\n');
        return 2;
      }
      interval = n;
    } else if (opt === 'w') {
      const n = num(value);
      if (n === null) return bad();
      deadline = n;
    } else if (opt === 'W') {
      if (num(value) === null) return bad();
    } else if (opt === 's') {
      const n = num(value);
      if (n === null || !Number.isInteger(n) || n > 65507) return bad();
      size = n;
    } else if (opt === 't') {
      const n = num(value);
      if (n === null || !Number.isInteger(n) || n > 255 || (n === 0 && !bb)) return bad();
      ttl = n;
    } else if (opt === 'q') quiet = true;
  }
  const host = g.operands[0];
  if (host === undefined) {
    if (bb) io.err(BUSYBOX_USAGE);
    else io.err('ping: usage error: Destination address required\n');
    return bb ? 1 : 1;
  }
  const found = lookupHost(ctx, host);
  if (!found.ok) {
    io.err(bb ? `ping: bad address '${host}'\n` : `ping: ${host}: ${GAI_STRERROR[found.error]}\n`);
    return bb ? 1 : 2;
  }
  const dst = found.ip;
  // iputils names the target by its canonical name and each reply by a reverse lookup (pr_addr), unless given an address.
  const shown = bb ? host : found.canonname;
  const names = new Map<string, string>();
  const replier = (ip: string): string => {
    if (found.numeric) return ip;
    if (!names.has(ip)) {
      const n = addressName(ctx, ip);
      names.set(ip, n && n !== ip ? `${n} (${ip})` : ip);
    }
    return names.get(ip)!;
  };
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'ping');

  // How many probes: -c, or the -w deadline, else the emulated Ctrl-C.
  let sends = count ?? CTRL_C_AFTER;
  let interrupted = count === undefined;
  if (deadline !== undefined) {
    const byDeadline = Math.max(1, Math.floor(deadline / interval) + (deadline === 0 ? 1 : 0));
    if (count === undefined || byDeadline < count) {
      sends = Math.min(byDeadline, 100);
      interrupted = false;
    }
  }
  sends = Math.min(sends, 100);

  const first = probe(np.engine, { from: np.target, to: dst, proto: 'icmp', ttl, seed: ctx.shell.seed, key: [dst, ctx.now, 0], first: true });
  if (first.kind === 'local-error') {
    if (bb) {
      io.out(`PING ${host} (${dst}): ${size} data bytes\n`);
      io.err(`ping: sendto: ${first.message}\n`);
      return 1;
    }
    // iputils turns EACCES from connect() (a prohibit route, a firewall) into its broadcast hint.
    if (/Permission denied/.test(first.message)) io.err('ping: Do you want to ping broadcast? Then -b. If not, check your local firewall rules\n');
    else io.err(`ping: connect: ${first.message}\n`);
    return 2;
  }
  io.out(bb ? `PING ${host} (${dst}): ${size} data bytes\n` : `PING ${shown} (${dst}) ${size}(${size + 28}) bytes of data.\n`);
  const stats: PingStats = { host: shown, transmitted: 0, received: 0, errors: 0, timeMs: 0, rtts: [] };
  let hostUnreach = 0;
  for (let i = 0; i < sends; i++) {
    const seq = bb ? i : i + 1;
    const r = i === 0 ? first : probe(np.engine, { from: np.target, to: dst, proto: 'icmp', ttl, seed: ctx.shell.seed, key: [dst, ctx.now, i], first: false });
    stats.transmitted++;
    if (r.kind === 'reply') {
      stats.received++;
      stats.rtts.push(r.rtt);
      if (!quiet) {
        io.out(bb
          ? `${size + 8} bytes from ${r.from}: seq=${seq} ttl=${r.ttl} time=${ms3(r.rtt)} ms\n`
          : `${size + 8} bytes from ${replier(r.from)}: icmp_seq=${seq} ttl=${r.ttl} time=${iputilsTime(r.rtt)} ms\n`);
      }
    } else if (r.kind === 'icmp' && !bb) {
      // busybox drops ICMP errors silently: their id field is not its echo id.
      stats.errors++;
      if (r.type === 'host-unreachable') hostUnreach++;
      if (!quiet) io.out(`From ${r.from} icmp_seq=${seq} ${ICMP_TEXT[r.type]}\n`);
    }
  }
  const last = stats.received > 0 ? (stats.rtts[stats.rtts.length - 1] ?? 0) / 1000 : 0;
  stats.timeMs = sends <= 1 ? 0 : Math.round((sends - 1) * interval * 1000 + last + 1 + Math.floor(jitter(ctx.shell.seed, 'ping-time', dst, ctx.now) * 60));
  if (stats.received === 0 && sends > 1 && !interrupted) stats.timeMs += 0;
  if (hostUnreach > 1) stats.pipe = Math.min(hostUnreach, 4);
  if (interrupted) io.out('^C');
  io.out(bb ? busyboxSummary(stats) : iputilsSummary(stats));
  if (stats.received === 0) return 1;
  if (deadline !== undefined && count !== undefined && stats.received < count) return 1;
  return 0;
}

export const ping: CommandSpec = {
  complete: (before, ctx) => (/^-[a-zA-Z]*[cWiwstmqfpz]$/.test(before[before.length - 1] ?? '') ? [] : clusterAddresses(ctx)),
  name: 'ping',
  summary: 'send ICMP echo requests (iputils or busybox, by image)',
  usage: 'ping [-c count] [-i interval] [-W timeout] [-w deadline] [-s size] [-t ttl] destination',
  run,
};
