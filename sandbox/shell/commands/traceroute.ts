/**
 * traceroute: GNU traceroute 2.1 (Ubuntu's `traceroute` package: UDP probes
 * to 33434+, 60-byte packets, -I for ICMP) or busybox (46-byte packets, the
 * header on stderr). Each probe is an engine trace with the probe's TTL; hop
 * addresses are the routers' ICMP sources. No reverse DNS is modelled, so
 * names print as `ip (ip)`, which is what the real tools print when the
 * lookup fails.
 */
import type { CommandContext, CommandSpec } from '../types';
import { formatHop, type HopProbe } from '../format/traceroute';
import { lookupHost, netPlace, noNetns } from './net/common';
import { GAI_STRERROR } from './net/dns';
import { getopt } from './net/getopt';
import { probe } from './net/probe';
import { clusterAddresses } from '../complete';

const GNU_USAGE = `Usage:
  traceroute [ -46dFITnreAUDV ] [ -f first_ttl ] [ -g gate,... ] [ -i device ] [ -m max_ttl ] [ -N squeries ] [ -p port ] [ -t tos ] [ -l flow_label ] [ -w MAX,HERE,NEAR ] [ -q nqueries ] [ -s src_addr ] [ -z sendwait ] [ --fwmark=num ] host [ packetlen ]
`;

const BUSYBOX_USAGE = `BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.

Usage: traceroute [-46IFlnrv] [-f 1ST_TTL] [-m MAXTTL] [-q PROBES] [-p PORT]
	[-t TOS] [-w WAIT_SEC] [-s SRC_IP] [-i IFACE]
	[-z PAUSE_MSEC] HOST [BYTES]

Trace the route to HOST

	-4,-6	Force IP or IPv6 name resolution
	-F	Set don't fragment bit
	-I	Use ICMP ECHO instead of UDP datagrams
	-l	Display TTL value of the returned packet
	-n	Print numeric addresses
	-r	Bypass routing tables, send directly to HOST
	-v	Verbose
	-f N	First number of hops (default 1)
	-m N	Max number of hops
	-q N	Number of probes per hop (default 3)
	-p N	Base UDP port number used in probes
		(default 33434)
	-s IP	Source address
	-i IFACE Source interface
	-t N	Type-of-service in probe packets (default 0)
	-w SEC	Wait for a response (default 3)
	-z MSEC	Wait before each send
`;

const MARKS: Record<string, string> = { 'net-unreachable': '!N', 'host-unreachable': '!H', 'admin-prohibited': '!X' };

function run(ctx: CommandContext): number {
  const bb = ctx.flavor === 'busybox';
  const { io } = ctx;
  const g = getopt(ctx.args, bb ? '46FIlnrvf:m:q:p:t:w:s:i:z:g:' : '46dFITnreAUDVf:g:i:m:N:p:t:l:w:q:s:z:M:O:P:');
  if (g.error) {
    if (bb) {
      io.err(`traceroute: ${g.error.kind === 'invalid' ? 'invalid option' : 'option requires an argument'} -- '${g.error.opt}'\n${BUSYBOX_USAGE}`);
      return 1;
    }
    const idx = ctx.args.findIndex((a) => a.startsWith('-') && a.includes(g.error!.opt)) + 1;
    io.err(g.error.kind === 'invalid' ? `Bad option \`-${g.error.opt}' (argc ${idx})\n` : `Option \`-${g.error.opt}' (argc ${idx}) requires an argument: \`-${g.error.opt} ${g.error.opt === 'w' ? 'MAX,HERE,NEAR' : 'arg'}'\n`);
    return 2;
  }
  let maxTtl = 30;
  let firstTtl = 1;
  let queries = 3;
  let numeric = false;
  let icmp = false;
  let port = 33434;
  for (const { opt, value = '' } of g.opts) {
    const int = (lo: number, hi: number): number | null => {
      if (!/^\d+$/.test(value)) return null;
      const n = Number(value);
      return n >= lo && n <= hi ? n : null;
    };
    const bad = () => {
      const idx = ctx.args.findIndex((a) => a === `-${opt}` || a.startsWith(`-${opt}`)) + 1;
      io.err(bb ? `traceroute: invalid number '${value}'\n` : `Cannot handle \`-${opt}' option with arg \`${value}' (argc ${idx})\n`);
      return bb ? 1 : 2;
    };
    if (opt === 'V' && !bb) {
      io.out('Modern traceroute for Linux, version 2.1.0\nCopyright (c) 2016  Dmitry Butskoy,   License: GPL v2 or any later\n');
      return 0;
    }
    if (opt === 'n') numeric = true;
    else if (opt === 'I') icmp = true;
    else if (opt === 'T' && ctx.place.uid !== 0) {
      io.err('You do not have enough privileges to use this traceroute method.\nsocket: Operation not permitted\n');
      return 1;
    } else if (opt === 'm') {
      const n = int(1, 255);
      if (n === null) return bad();
      maxTtl = n;
    } else if (opt === 'f') {
      const n = int(1, 255);
      if (n === null) return bad();
      firstTtl = n;
    } else if (opt === 'q') {
      const n = int(1, 10);
      if (n === null) {
        if (!bb && /^\d+$/.test(value)) {
          io.err('no more than 10 probes per hop\n');
          return 2;
        }
        return bad();
      }
      queries = n;
    } else if (opt === 'p') {
      const n = int(0, 65535);
      if (n === null) return bad();
      port = n;
    } else if (opt === 'w') {
      if (!/^\d+(\.\d+)?(,\d+(\.\d+)?){0,2}$/.test(value)) return bad();
    }
  }
  if (firstTtl > maxTtl) {
    io.err(bb ? 'traceroute: first ttl (' + firstTtl + ') may not be greater than max ttl (' + maxTtl + ')\n' : 'first hop out of range\n');
    return bb ? 1 : 2;
  }
  const host = g.operands[0];
  if (host === undefined) {
    if (bb) io.err(BUSYBOX_USAGE);
    else io.out(GNU_USAGE);
    return bb ? 1 : 2;
  }
  const found = lookupHost(ctx, host);
  if (!found.ok) {
    io.err(bb ? `traceroute: bad address '${host}'\n` : `${host}: ${GAI_STRERROR[found.error]}\nCannot handle "host" cmdline arg \`${host}' on position 1 (argc ${ctx.args.indexOf(host) + 1})\n`);
    return bb ? 1 : 2;
  }
  const dst = found.ip;
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'traceroute');

  const header = `traceroute to ${host} (${dst}), ${maxTtl} hops max, ${bb ? 46 : 60} byte packets\n`;
  if (bb) io.err(header);
  else io.out(header);
  for (let ttl = firstTtl; ttl <= maxTtl; ttl++) {
    const probes: HopProbe[] = [];
    let reached = false;
    let unreachable = false;
    for (let q = 0; q < queries; q++) {
      const r = probe(np.engine, {
        from: np.target, to: dst, proto: icmp ? 'icmp' : 'udp', ttl, ...(icmp ? {} : { port: port + (ttl - 1) * queries + q }),
        seed: ctx.shell.seed, key: ['tr', dst, ctx.now, ttl, q], first: q === 0,
      });
      if (r.kind === 'local-error') {
        io.err(bb ? `traceroute: sendto: ${r.message}\n` : `connect: ${r.message}\n`);
        return bb ? 1 : 2;
      }
      if (r.kind === 'silent') probes.push(null);
      else if (r.kind === 'reply') {
        probes.push({ addr: r.from, rtt: r.rtt });
        reached = true;
      } else if (r.type === 'time-exceeded') probes.push({ addr: r.from, rtt: r.rtt });
      else {
        probes.push({ addr: r.from, rtt: r.rtt, mark: MARKS[r.type] ?? '!H' });
        unreachable = true;
      }
    }
    io.out(formatHop(ttl, probes, { busybox: bb, numeric }));
    if (reached || unreachable) break;
  }
  return 0;
}

export const traceroute: CommandSpec = {
  complete: (before, ctx) => (/^-[a-zA-Z]*[cWiwstmqfpz]$/.test(before[before.length - 1] ?? '') ? [] : clusterAddresses(ctx)),
  name: 'traceroute',
  summary: 'print the route packets take to a host (GNU or busybox, by image)',
  usage: 'traceroute [-n] [-I] [-m max_ttl] [-q nqueries] [-w waittime] host',
  run,
};
