/**
 * `ip` from iproute2 6.1 (ip/ip.c, iproute.c, ipaddress.c, iplink.c,
 * ipneigh.c): options before the object, objects and commands abbreviated
 * as iproute2's matches() allows, its usage texts and error strings, exit
 * codes as ip returns them (1 for its own errors, 2 for RTNETLINK errors,
 * 255 for usage/invalid arguments). busybox's `ip` is answered the same way
 * (see the comment at the end).
 */
import { formatIp, maskOf } from '../../addr/ipv4';
import { canAdministerNetwork } from '../places';
import type { Netns, Route } from '../../model/netns';
import { linkByName, TABLE_LOCAL, TABLE_MAIN } from '../../model/netns';
import { operState, linkFlags } from '../../net/links';
import { addrInfoJson, formatAddress, formatIpAddr, formatIpLink, ipAddrJson, ipLinkJson } from '../format/iproute2-link';
import { formatRouteGet, formatRouteLine, routeFields, routeGetJson, selectRoutes } from '../format/iproute2-route';
import type { CommandContext, CommandSpec } from '../types';
import { netPlace, noNetns, type NetPlace } from './net/common';
import { Args, duparg2, getAddr, getPrefix, invarg, IpExit, matches, parseU32, RT_PROTOS, RT_SCOPES, RT_TYPES, tableId, type Family } from './net/ip-parse';
import { clusterAddresses, devices } from '../complete';

export const IP_USAGE = `Usage: ip [ OPTIONS ] OBJECT { COMMAND | help }
       ip [ -force ] -batch filename
where  OBJECT := { address | addrlabel | amt | fou | help | ila | ioam | l2tp |
                   link | macsec | maddress | monitor | mptcp | mroute | mrule |
                   neighbor | neighbour | netconf | netns | nexthop | ntable |
                   ntbl | route | rule | sr | tap | tcpmetrics |
                   token | tunnel | tuntap | vrf | xfrm }
       OPTIONS := { -V[ersion] | -s[tatistics] | -d[etails] | -r[esolve] |
                    -h[uman-readable] | -iec | -j[son] | -p[retty] |
                    -f[amily] { inet | inet6 | mpls | bridge | link } |
                    -4 | -6 | -M | -B | -0 |
                    -l[oops] { maximum-addr-flush-attempts } | -br[ief] |
                    -o[neline] | -t[imestamp] | -ts[hort] | -b[atch] [filename] |
                    -rc[vbuf] [size] | -n[etns] name | -N[umeric] | -a[ll] |
                    -c[olor]}
`;

export const IP_ROUTE_USAGE = `Usage: ip route { list | flush } SELECTOR
       ip route save SELECTOR
       ip route restore
       ip route showdump
       ip route get [ ROUTE_GET_FLAGS ] ADDRESS
                            [ from ADDRESS iif STRING ]
                            [ oif STRING ] [ tos TOS ]
                            [ mark NUMBER ] [ vrf NAME ]
                            [ uid NUMBER ] [ ipproto PROTOCOL ]
                            [ sport NUMBER ] [ dport NUMBER ]
       ip route { add | del | change | append | replace } ROUTE
SELECTOR := [ root PREFIX ] [ match PREFIX ] [ exact PREFIX ]
            [ table TABLE_ID ] [ vrf NAME ] [ proto RTPROTO ]
            [ type TYPE ] [ scope SCOPE ]
ROUTE := NODE_SPEC [ INFO_SPEC ]
NODE_SPEC := [ TYPE ] PREFIX [ tos TOS ]
             [ table TABLE_ID ] [ proto RTPROTO ]
             [ scope SCOPE ] [ metric METRIC ]
             [ ttl-propagate { enabled | disabled } ]
INFO_SPEC := { NH | nhid ID } OPTIONS FLAGS [ nexthop NH ]...
NH := [ encap ENCAPTYPE ENCAPHDR ] [ via [ FAMILY ] ADDRESS ]
	    [ dev STRING ] [ weight NUMBER ] NHFLAGS
FAMILY := [ inet | inet6 | mpls | bridge | link ]
OPTIONS := FLAGS [ mtu NUMBER ] [ advmss NUMBER ] [ as [ to ] ADDRESS ]
           [ rtt TIME ] [ rttvar TIME ] [ reordering NUMBER ]
           [ window NUMBER ] [ cwnd NUMBER ] [ initcwnd NUMBER ]
           [ ssthresh NUMBER ] [ realms REALM ] [ src ADDRESS ]
           [ rto_min TIME ] [ hoplimit NUMBER ] [ initrwnd NUMBER ]
           [ features FEATURES ] [ quickack BOOL ] [ congctl NAME ]
           [ pref PREF ] [ expires TIME ] [ fastopen_no_cookie BOOL ]
TYPE := { unicast | local | broadcast | multicast | throw |
          unreachable | prohibit | blackhole | nat }
TABLE_ID := [ local | main | default | all | NUMBER ]
SCOPE := [ host | link | global | NUMBER ]
NHFLAGS := [ onlink | pervasive ]
RTPROTO := [ kernel | boot | static | NUMBER ]
PREF := [ low | medium | high ]
TIME := NUMBER[s|ms]
BOOL := [1|0]
FEATURES := ecn
ENCAPTYPE := [ mpls | ip | ip6 | seg6 | seg6local | rpl | ioam6 ]
ENCAPHDR := [ MPLSLABEL | SEG6HDR | SEG6LOCAL | IOAM6HDR ]
SEG6HDR := [ mode SEGMODE ] segs ADDR1,ADDRi,ADDRn [hmac HMACKEYID] [cleanup]
SEGMODE := [ encap | inline ]
SEG6LOCAL := action ACTION [ OPTIONS ] [ count ]
ACTION := { End | End.X | End.T | End.DX2 | End.DX6 | End.DX4 |
            End.DT6 | End.DT4 | End.DT46 | End.B6 | End.B6.Encaps |
            End.BM | End.S | End.AS | End.AM | End.BPF }
OPTIONS := OPTION [ OPTIONS ]
OPTION := { srh SEG6HDR | nh4 ADDR | nh6 ADDR | iif DEV | oif DEV |
            table TABLEID | vrftable TABLEID | endpoint PROGNAME }
IOAM6HDR := trace prealloc type IOAM6_TRACE_TYPE ns IOAM6_NAMESPACE size IOAM6_TRACE_SIZE
ROUTE_GET_FLAGS := [ fibmatch ]
`;

export const IP_ADDR_USAGE = `Usage: ip address {add|change|replace} IFADDR dev IFNAME [ LIFETIME ]
                                                      [ CONFFLAG-LIST ]
       ip address del IFADDR dev IFNAME [mngtmpaddr]
       ip address {save|flush} [ dev IFNAME ] [ scope SCOPE-ID ]
                            [ to PREFIX ] [ FLAG-LIST ] [ label LABEL ] [up]
       ip address [ show [ dev IFNAME ] [ scope SCOPE-ID ] [ master DEVICE ]
                         [ nomaster ]
                         [ type TYPE ] [ to PREFIX ] [ FLAG-LIST ]
                         [ label LABEL ] [up] [ vrf NAME ] ]
       ip address {showdump|restore}
IFADDR := PREFIX | ADDR peer PREFIX
          [ broadcast ADDR ] [ anycast ADDR ]
          [ label IFNAME ] [ scope SCOPE-ID ] [ metric METRIC ]
SCOPE-ID := [ host | link | global | NUMBER ]
FLAG-LIST := [ FLAG-LIST ] FLAG
FLAG  := [ permanent | dynamic | secondary | primary |
           [-]tentative | [-]deprecated | [-]dadfailed | temporary |
           CONFFLAG-LIST ]
CONFFLAG-LIST := [ CONFFLAG-LIST ] CONFFLAG
CONFFLAG  := [ home | nodad | mngtmpaddr | noprefixroute | autojoin ]
LIFETIME := [ valid_lft LFT ] [ preferred_lft LFT ]
LFT := forever | SECONDS
TYPE := { amt | bareudp | bond | bond_slave | bridge | bridge_slave |
          dummy | erspan | geneve | gre | gretap | gtp | ifb |
          ip6erspan | ip6gre | ip6gretap | ip6tnl |
          ipip | ipoib | ipvlan | ipvtap |
          macsec | macvlan | macvtap |
          netdevsim | nlmon | rmnet | sit | team | team_slave |
          vcan | veth | vlan | vrf | vti | vxcan | vxlan | wwan |
          xfrm }
`;

export const IP_LINK_USAGE = `Usage: ip link add [link DEV | parentdev NAME] [ name ] NAME
		    [ txqueuelen PACKETS ]
		    [ address LLADDR ]
		    [ broadcast LLADDR ]
		    [ mtu MTU ] [index IDX ]
		    [ numtxqueues QUEUE_COUNT ]
		    [ numrxqueues QUEUE_COUNT ]
		    [ netns { PID | NETNSNAME | NETNSFILE } ]
		    type TYPE [ ARGS ]

	ip link delete { DEVICE | dev DEVICE | group DEVGROUP } type TYPE [ ARGS ]

	ip link set { DEVICE | dev DEVICE | group DEVGROUP }
			[ { up | down } ]
			[ type TYPE ARGS ]
		[ arp { on | off } ]
		[ dynamic { on | off } ]
		[ multicast { on | off } ]
		[ allmulticast { on | off } ]
		[ promisc { on | off } ]
		[ trailers { on | off } ]
		[ carrier { on | off } ]
		[ txqueuelen PACKETS ]
		[ name NEWNAME ]
		[ address LLADDR ]
		[ broadcast LLADDR ]
		[ mtu MTU ]
		[ netns { PID | NETNSNAME | NETNSFILE } ]
		[ link-netns NAME | link-netnsid ID ]
		[ alias NAME ]
		[ master DEVICE ][ vrf NAME ]
		[ nomaster ]
		[ addrgenmode { eui64 | none | stable_secret | random } ]
		[ protodown { on | off } ]
		[ protodown_reason PREASON { on | off } ]
		[ gso_max_size BYTES ] | [ gso_max_segs PACKETS ]
		[ gro_max_size BYTES ]

	ip link show [ DEVICE | group GROUP ] [up] [master DEV] [vrf NAME] [type TYPE]
		[nomaster]

	ip link xstats type TYPE [ ARGS ]

	ip link afstats [ dev DEVICE ]
	ip link property add dev DEVICE [ altname NAME .. ]
	ip link property del dev DEVICE [ altname NAME .. ]

	ip link help [ TYPE ]
`;

export const IP_NEIGH_USAGE = `Usage: ip neigh { add | del | change | replace }
		{ ADDR [ lladdr LLADDR ] [ nud STATE ] proxy ADDR }
		[ dev DEV ] [ router ] [ use ] [ managed ] [ extern_learn ]
		[ protocol PROTO ]

	ip neigh { show | flush } [ proxy ] [ to PREFIX ] [ dev DEV ] [ nud STATE ]
				  [ vrf NAME ] [ nomaster ]
	ip neigh get { ADDR | proxy ADDR } dev DEV

STATE := { delay | failed | incomplete | noarp | none |
           permanent | probe | reachable | stale }
`;

interface IpOpts {
  family: Family;
  json: boolean;
  pretty: boolean;
  brief: boolean;
  oneline: boolean;
  /** Accepted and ignored: see the report (no counters, no detail lines, no colours). */
  stats: number;
  details: boolean;
  color: boolean;
}

const OBJECTS = ['address', 'addrlabel', 'maddress', 'route', 'rule', 'neighbor', 'neighbour', 'ntable', 'ntbl', 'link', 'l2tp', 'fou', 'ila', 'macsec', 'tunnel', 'tuntap', 'tap', 'token', 'tcpmetrics', 'tcp_metrics', 'monitor', 'xfrm', 'mroute', 'mrule', 'netns', 'netconf', 'vrf', 'sr', 'nexthop', 'mptcp', 'ioam', 'stats', 'help'];

interface Run {
  ctx: CommandContext;
  opts: IpOpts;
  out: string;
}

function parseOptions(words: string[], opts: IpOpts): number {
  let i = 0;
  while (i < words.length && (words[i] as string).startsWith('-') && words[i] !== '-') {
    let opt = words[i] as string;
    if (opt.startsWith('--')) opt = opt.slice(1);
    const is = (full: string) => matches(opt, full) && opt.length > 1;
    if (opt === '-4') opts.family = 'inet';
    else if (opt === '-6') opts.family = 'inet6';
    else if (opt === '-0' || opt === '-M' || opt === '-B') throw new IpExit(0, '');
    else if (is('-loops')) i++;
    else if (is('-family')) {
      i++;
      const f = words[i];
      if (f === undefined) throw new IpExit(255, 'Command line is not complete. Try option "help"\n');
      if (f === 'inet') opts.family = 'inet';
      else if (f === 'inet6') opts.family = 'inet6';
      else if (!['link', 'bridge', 'mpls', 'help'].includes(f)) throw invarg('invalid protocol family', f);
    } else if (is('-stats') || is('-statistics')) opts.stats++;
    else if (is('-details')) opts.details = true;
    else if (is('-resolve') || is('-timestamp') || is('-tshort') || is('-force') || is('-Numeric') || is('-all') || is('-iec') || is('-human-readable') || is('-human')) { /* no visible effect here */ }
    else if (is('-oneline')) opts.oneline = true;
    else if (is('-Version')) throw new IpExit(0, '');
    else if (is('-batch') || is('-rcvbuf') || is('-netns')) i++;
    else if (matches(opt, '-color') && opt.length > 1 || opt.startsWith('-color=') || opt.startsWith('-c=')) opts.color = true;
    else if (opt === '-help' || opt === '-h') throw new IpExit(255, IP_USAGE);
    else if (is('-json')) opts.json = true;
    else if (is('-pretty')) opts.pretty = true;
    else if (is('-brief')) opts.brief = true;
    else throw new IpExit(255, `Option "${words[i]}" is unknown, try "ip -help".\n`);
    i++;
  }
  return i;
}

function json(run: Run, value: unknown): void {
  run.out += run.opts.pretty ? `${JSON.stringify(value, null, 4)}\n` : `${JSON.stringify(value)}\n`;
}

function needRoot(run: Run, msg = 'RTNETLINK answers: Operation not permitted\n'): void {
  if (!canAdministerNetwork(run.ctx.place)) throw new IpExit(2, msg);
}

/** Engine answers: iproute2's own errors exit 1, kernel (RTNETLINK / extack) errors 2. */
function engineResult(res: { ok: true } | { error: string }): void {
  if ('error' in res) throw new IpExit(res.error.startsWith('Cannot find device') ? 1 : 2, `${res.error}\n`);
}

// ---------------------------------------------------------------- route
interface Selector {
  table: number | 'all';
  dev?: number;
  proto?: string;
  scope?: string;
  type?: string;
  root?: { ip: number; len: number };
  match?: { ip: number; len: number };
  exact?: { ip: number; len: number };
}

function devIndex(ns: Netns, name: string): number {
  const l = linkByName(ns, name);
  if (!l) throw new IpExit(1, `Cannot find device "${name}"\n`);
  return l.ifindex;
}

function parseSelector(run: Run, ns: Netns, args: Args, flush: boolean): Selector {
  const sel: Selector = { table: TABLE_MAIN };
  while (!args.done) {
    const w = args.take();
    if (matches(w, 'table')) {
      const v = args.next();
      if (v === 'all') sel.table = 'all';
      else if (v === 'cache') sel.table = -1;
      else {
        const t = tableId(v);
        if (t === null) throw invarg('table id value is invalid\n', v);
        sel.table = t;
      }
    } else if (w === 'dev' || w === 'oif') sel.dev = devIndex(ns, args.next());
    else if (matches(w, 'protocol')) {
      const v = args.next();
      if (!RT_PROTOS.includes(v) && parseU32(v) === null) throw invarg('invalid "protocol"\n', v);
      sel.proto = v;
    } else if (w === 'scope') {
      const v = args.next();
      if (!RT_SCOPES.includes(v) && parseU32(v) === null) throw invarg('invalid "scope"\n', v);
      sel.scope = v === 'universe' ? 'global' : v;
    } else if (w === 'type') {
      const v = args.next();
      if (!RT_TYPES.includes(v)) throw invarg('node type value is invalid\n', v);
      sel.type = v;
    } else if (w === 'root') sel.root = getPrefix(args.next(), run.opts.family);
    else if (w === 'match') sel.match = getPrefix(args.next(), run.opts.family);
    else if (w === 'exact') sel.exact = getPrefix(args.next(), run.opts.family);
    else if (w === 'from' || w === 'src' || w === 'via' || w === 'iif' || w === 'tos' || w === 'mark' || w === 'vrf' || matches(w, 'realms')) args.next();
    else if (w === 'cloned' || w === 'cached') sel.table = -1;
    else {
      const target = w === 'to' ? args.next() : w;
      if (matches(target, 'help')) throw new IpExit(255, IP_ROUTE_USAGE);
      const p = getPrefix(target, run.opts.family);
      // A bare prefix is "to": root and match at once, i.e. exactly this prefix (or all for default).
      if (p.len > 0 || target !== 'all') sel.exact = p;
      if (target === 'all' || target === 'any') delete sel.exact;
    }
  }
  void flush;
  return sel;
}

function within(r: Route, p: { ip: number; len: number }): boolean {
  return r.dstLen >= p.len && ((r.dst & maskOf(p.len)) >>> 0) === ((p.ip & maskOf(p.len)) >>> 0);
}

function selectByFilter(ns: Netns, sel: Selector): Route[] {
  if (sel.table === -1) return [];
  return selectRoutes(ns, sel.table).filter((r) =>
    (sel.dev === undefined || r.dev === sel.dev) &&
    (sel.proto === undefined || r.protocol === sel.proto) &&
    (sel.scope === undefined || r.scope === sel.scope) &&
    (sel.type === undefined || r.type === sel.type) &&
    (!sel.root || within(r, sel.root)) &&
    (!sel.match || (r.dstLen <= sel.match.len && ((sel.match.ip & r.mask) >>> 0) === r.net)) &&
    (!sel.exact || (r.dstLen === sel.exact.len && r.dst === ((sel.exact.ip & maskOf(sel.exact.len)) >>> 0))),
  );
}

function routeShow(run: Run, np: NetPlace, args: Args): number {
  const sel = parseSelector(run, np.ns, args, false);
  if (run.opts.family === 'inet6') return json0(run);
  const routes = selectByFilter(np.ns, sel);
  // Listing every table (or a table other than main) prints "table X" for non-main routes.
  const showTable = sel.table === 'all' || (typeof sel.table === 'number' && sel.table !== TABLE_MAIN);
  const fields = routes.map((r) => routeFields(np.world, np.ns, r, showTable));
  if (run.opts.json) json(run, fields);
  else run.out += fields.map(formatRouteLine).join('');
  return 0;
}

function json0(run: Run): number {
  if (run.opts.json) json(run, []);
  return 0;
}

function routeFlush(run: Run, np: NetPlace, args: Args): number {
  if (args.done) throw new IpExit(1, '"ip route flush" requires arguments.\n');
  const sel = parseSelector(run, np.ns, args, true);
  const victims = selectByFilter(np.ns, sel);
  if (victims.length === 0) return 0;
  needRoot(run, 'Failed to send flush request: Operation not permitted\n');
  for (const r of victims) {
    const res = np.engine.ipRouteDel(np.target, {
      type: r.type, dst: `${formatIp(r.dst)}/${r.dstLen}`, table: r.table, metric: r.metric,
      ...(r.dev !== undefined ? { dev: np.ns.links.find((l) => l.ifindex === r.dev)?.name ?? '' } : {}),
      ...(r.gateway !== undefined ? { via: formatIp(r.gateway) } : {}),
    });
    if ('error' in res) break;
  }
  return 0;
}

function routeModify(run: Run, np: NetPlace, args: Args, cmd: 'add' | 'del' | 'replace' | 'change' | 'append' | 'prepend'): number {
  const fam0 = run.opts.family;
  let family: Family = fam0;
  const a: { type?: string; dst?: string; via?: string; dev?: string; metric?: number; table?: number; scope?: string; src?: string; proto?: string; onlink?: boolean } = {};
  while (!args.done) {
    const w = args.take();
    if (w === 'src') a.src = formatIp(getAddr(args.next(), family));
    else if (w === 'via') {
      let v = args.next();
      if (v === 'inet' || v === 'inet6') {
        if (v === 'inet6') family = 'inet6';
        v = args.next();
      }
      a.via = formatIp(getAddr(v, family === 'any' ? 'inet' : family));
    } else if (w === 'from' || w === 'tos' || matches(w, 'dsfield') || w === 'expires' || w === 'mtu' || w === 'advmss' || w === 'hoplimit' || w === 'reordering' || w === 'rtt' || w === 'rttvar' || w === 'window' || w === 'cwnd' || w === 'initcwnd' || w === 'initrwnd' || w === 'ssthresh' || w === 'realms' || w === 'rto_min' || w === 'congctl' || w === 'pref' || w === 'features' || w === 'quickack' || w === 'nhid' || w === 'weight') args.next();
    else if (matches(w, 'metric') || matches(w, 'priority') || w === 'preference') {
      const v = args.next();
      const m = parseU32(v);
      if (m === null) throw invarg('"metric" value is invalid\n', v);
      a.metric = m;
    } else if (w === 'scope') {
      const v = args.next();
      if (!RT_SCOPES.includes(v)) throw invarg('invalid "scope" value\n', v);
      a.scope = v;
    } else if (w === 'onlink') a.onlink = true;
    else if (w === 'pervasive') { /* accepted */ }
    else if (matches(w, 'protocol')) {
      const v = args.next();
      if (!RT_PROTOS.includes(v) && parseU32(v) === null) throw invarg('"protocol" value is invalid\n', v);
      a.proto = v;
    } else if (matches(w, 'table')) {
      const v = args.next();
      const t = tableId(v);
      if (t === null) throw invarg('"table" value is invalid\n', v);
      a.table = t;
    } else if (w === 'dev' || w === 'oif') a.dev = args.next();
    else if (matches(w, 'nexthop') || matches(w, 'encap') || w === 'vrf') throw new IpExit(2, 'RTNETLINK answers: Operation not supported\n');
    else {
      let target = w === 'to' ? args.next() : w;
      const c = target.charAt(0);
      if ((c < '0' || c > '9') && RT_TYPES.includes(target)) {
        a.type = target;
        target = args.next();
      }
      if (matches(target, 'help')) throw new IpExit(255, IP_ROUTE_USAGE);
      if (a.dst !== undefined) throw duparg2('to', target);
      const p = getPrefix(target, family);
      if (family === 'any') family = 'inet';
      a.dst = p.len === 0 && p.ip === 0 && target !== '0.0.0.0/0' ? 'default' : `${formatIp(p.ip)}/${p.len}`;
    }
  }
  if (a.dst === undefined) throw new IpExit(255, IP_ROUTE_USAGE);
  if (a.dev !== undefined) devIndex(np.ns, a.dev);
  if (a.type && !['unicast', 'local', 'broadcast', 'blackhole', 'unreachable', 'prohibit', 'throw'].includes(a.type)) throw new IpExit(2, 'RTNETLINK answers: Invalid argument\n');
  needRoot(run);
  const args2 = {
    dst: a.dst,
    ...(a.type !== undefined ? { type: a.type } : {}),
    ...(a.via !== undefined ? { via: a.via } : {}),
    ...(a.dev !== undefined ? { dev: a.dev } : {}),
    ...(a.metric !== undefined ? { metric: a.metric } : {}),
    ...(a.table !== undefined ? { table: a.table } : {}),
    ...(a.scope !== undefined ? { scope: a.scope === 'universe' ? 'global' : a.scope } : {}),
    ...(a.src !== undefined ? { src: a.src } : {}),
    ...(a.proto !== undefined ? { proto: a.proto } : {}),
    ...(a.onlink ? { onlink: true } : {}),
  };
  const e = np.engine;
  if (cmd === 'del') engineResult(e.ipRouteDel(np.target, args2));
  else if (cmd === 'replace') engineResult(e.ipRouteReplace(np.target, args2));
  else if (cmd === 'change') {
    // NLM_F_REPLACE without NLM_F_CREATE: the route must exist.
    const probe = selectRoutes(np.ns, a.table ?? TABLE_MAIN).some((r) => `${formatIp(r.dst)}/${r.dstLen}` === (a.dst === 'default' ? '0.0.0.0/0' : a.dst) && r.metric === (a.metric ?? 0));
    if (!probe) throw new IpExit(2, 'RTNETLINK answers: No such file or directory\n');
    engineResult(e.ipRouteReplace(np.target, args2));
  } else engineResult(e.ipRouteAdd(np.target, args2));
  return 0;
}

function routeGet(run: Run, np: NetPlace, args: Args): number {
  let dst: number | undefined;
  let from: number | undefined;
  let iif: string | undefined;
  let oif: string | undefined;
  let uid: number | undefined;
  let fibmatch = false;
  while (!args.done) {
    const w = args.take();
    if (w === 'tos' || matches(w, 'dsfield') || matches(w, 'mark') || matches(w, 'vrf') || matches(w, 'ipproto') || matches(w, 'sport') || matches(w, 'dport') || w === 'as') args.next();
    else if (matches(w, 'from')) from = getPrefix(args.next(), run.opts.family).ip;
    else if (matches(w, 'iif')) iif = args.next();
    else if (matches(w, 'oif') || w === 'dev') oif = args.next();
    else if (matches(w, 'notify') || matches(w, 'connected')) { /* no effect here */ }
    else if (matches(w, 'uid')) {
      const v = args.next();
      const u = parseU32(v);
      if (u === null) throw invarg('invalid UID\n', v);
      uid = u;
    } else if (matches(w, 'fibmatch')) fibmatch = true;
    else {
      const target = w === 'to' ? args.next() : w;
      if (matches(target, 'help')) throw new IpExit(255, IP_ROUTE_USAGE);
      dst = getPrefix(target, run.opts.family).ip;
    }
  }
  if (dst === undefined) throw new IpExit(1, 'need at least a destination address\n');
  if (run.opts.family === 'inet6') throw new IpExit(2, 'RTNETLINK answers: Network is unreachable\n');
  const ans = np.engine.routeGet(np.target, {
    dst,
    ...(from !== undefined ? { from } : {}),
    ...(iif !== undefined ? { iif } : {}),
    ...(oif !== undefined ? { oif } : {}),
    uid: uid ?? run.ctx.place.uid,
  });
  if (!ans.ok) throw new IpExit(ans.errno === 'ENODEV' ? 1 : 2, `${ans.message}\n`);
  if (fibmatch && ans.route) {
    // With no policy rules the kernel merges the local table into main, so a local match names no table either.
    const f = routeFields(np.world, np.ns, ans.route, ans.route.table !== TABLE_MAIN && ans.route.table !== TABLE_LOCAL);
    if (run.opts.json) json(run, [f]);
    else run.out += formatRouteLine(f);
    return 0;
  }
  if (run.opts.json) json(run, [routeGetJson(ans)]);
  else run.out += formatRouteGet(ans);
  return 0;
}

function doRoute(run: Run, np: NetPlace, args: Args): number {
  if (args.done) return routeShow(run, np, args);
  const cmd = args.take();
  if (matches(cmd, 'add')) return routeModify(run, np, args, 'add');
  if (matches(cmd, 'change') || cmd === 'chg') return routeModify(run, np, args, 'change');
  if (matches(cmd, 'replace')) return routeModify(run, np, args, 'replace');
  if (matches(cmd, 'prepend') || matches(cmd, 'append')) return routeModify(run, np, args, 'add');
  if (matches(cmd, 'test')) return 0;
  if (matches(cmd, 'delete')) return routeModify(run, np, args, 'del');
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return routeShow(run, np, args);
  if (matches(cmd, 'get')) return routeGet(run, np, args);
  if (matches(cmd, 'flush')) return routeFlush(run, np, args);
  if (matches(cmd, 'save') || matches(cmd, 'restore') || matches(cmd, 'showdump')) throw new IpExit(1, 'Not sending a binary stream to stdout\n');
  if (matches(cmd, 'help')) throw new IpExit(255, IP_ROUTE_USAGE);
  throw new IpExit(255, `Command "${cmd}" is unknown, try "ip route help".\n`);
}

// ---------------------------------------------------------------- address / link
function briefAddr(np: NetPlace, dev?: string): string {
  let s = '';
  for (const l of [...np.ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (dev !== undefined && l.name !== dev) continue;
    const header = formatLinkName(np, l.name);
    const addrs = np.ns.addresses.filter((a) => a.ifindex === l.ifindex).map((a) => `${formatIp(a.local)}/${a.prefixlen} `).join('');
    s += `${header.padEnd(16)} ${operState(np.world, np.ns, l).padEnd(14)} ${addrs}\n`;
  }
  return s;
}

function briefLink(np: NetPlace, dev?: string): string {
  let s = '';
  for (const l of [...np.ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (dev !== undefined && l.name !== dev) continue;
    s += `${formatLinkName(np, l.name).padEnd(16)} ${operState(np.world, np.ns, l).padEnd(14)} ${l.mac} <${linkFlags(np.world, np.ns, l).join(',')}> \n`;
  }
  return s;
}

/** "eth0@if4" as the link header shows it. */
function formatLinkName(np: NetPlace, name: string): string {
  const header = formatIpLink(np.world, np.ns, { dev: name });
  const m = /^\d+: ([^:]+):/.exec(header);
  return m ? (m[1] as string) : name;
}

function onelineAddr(np: NetPlace, dev?: string): string {
  let s = '';
  for (const l of [...np.ns.links].sort((a, b) => a.ifindex - b.ifindex)) {
    if (dev !== undefined && l.name !== dev) continue;
    for (const a of np.ns.addresses.filter((x) => x.ifindex === l.ifindex)) {
      s += `${l.ifindex}: ${l.name}${formatAddress(a).replace(/^ {4}/, '    ').replace(/\n {7}/, '\\       ').replace(/\n$/, '')}\n`;
    }
  }
  return s;
}

function onelineLink(np: NetPlace, dev?: string, link = true): string {
  const text = link ? formatIpLink(np.world, np.ns, dev !== undefined ? { dev } : {}) : '';
  return text.replace(/\n {4}/g, '\\    ');
}

function parseShowDev(args: Args, object: 'address' | 'link'): string | undefined {
  let dev: string | undefined;
  while (!args.done) {
    const w = args.take();
    if (w === 'dev') {
      const v = args.next();
      if (dev !== undefined) throw duparg2('dev', v);
      dev = v;
    } else if (w === 'up' || w === 'primary' || w === 'secondary' || w === 'permanent' || w === 'dynamic' || w === 'nomaster') { /* filters with no effect on this cluster */ }
    else if (w === 'scope' || w === 'to' || w === 'label' || w === 'type' || w === 'master' || w === 'vrf' || w === 'group') args.next();
    else if (matches(w, 'help')) throw new IpExit(255, object === 'address' ? IP_ADDR_USAGE : IP_LINK_USAGE);
    else {
      if (dev !== undefined) throw duparg2('dev', w);
      dev = w;
    }
  }
  return dev;
}

function addrShow(run: Run, np: NetPlace, args: Args): number {
  const dev = parseShowDev(args, 'address');
  if (dev !== undefined && !linkByName(np.ns, dev)) throw new IpExit(1, `Device "${dev}" does not exist.\n`);
  if (run.opts.family === 'inet6') return json0(run);
  const v4 = run.opts.family === 'inet';
  if (run.opts.json) {
    let list = ipAddrJson(np.world, np.ns, dev !== undefined ? { dev } : {});
    if (v4) list = list.filter((l) => (l.addr_info as unknown[]).length > 0).map((l) => {
      const { ifindex, ifname, addr_info } = l as { ifindex: number; ifname: string; addr_info: unknown[] };
      return { ifindex, ifname, addr_info };
    });
    json(run, list);
  } else if (run.opts.brief) run.out += briefAddr(np, dev);
  else if (run.opts.oneline) run.out += onelineAddr(np, dev);
  else run.out += formatIpAddr(np.world, np.ns, { ...(dev !== undefined ? { dev } : {}), family4: v4 });
  return 0;
}

function addrModify(run: Run, np: NetPlace, args: Args, cmd: 'add' | 'del' | 'replace'): number {
  let local: string | undefined;
  let dev: string | undefined;
  let broadcast: string | undefined;
  let scope: string | undefined;
  let label: string | undefined;
  let noprefixroute = false;
  while (!args.done) {
    const w = args.take();
    if (w === 'peer' || w === 'remote' || w === 'anycast' || w === 'valid_lft' || w === 'preferred_lft' || w === 'metric' || w === 'priority') args.next();
    else if (matches(w, 'broadcast') || w === 'brd') {
      const v = args.next();
      broadcast = v === '+' || v === '-' ? v : formatIp(getAddr(v, run.opts.family === 'any' ? 'inet' : run.opts.family));
    } else if (w === 'scope') {
      const v = args.next();
      if (!RT_SCOPES.includes(v) && parseU32(v) === null) throw invarg('invalid scope value.', v);
      scope = v;
    } else if (w === 'dev') dev = args.next();
    else if (w === 'label') label = args.next();
    else if (w === 'noprefixroute') noprefixroute = true;
    else if (['home', 'nodad', 'mngtmpaddr', 'autojoin', 'optimistic'].includes(w)) { /* accepted */ }
    else {
      const target = matches(w, 'local') && w.length > 0 && !/^\d/.test(w) ? args.next() : w;
      if (matches(target, 'help')) throw new IpExit(255, IP_ADDR_USAGE);
      if (local !== undefined) throw duparg2('local', target);
      getPrefix(target, run.opts.family);
      local = target;
    }
  }
  if (dev === undefined) throw new IpExit(1, 'Not enough information: "dev" argument is required.\n');
  if (local === undefined) throw new IpExit(255, IP_ADDR_USAGE);
  devIndex(np.ns, dev);
  needRoot(run);
  const a = {
    addr: local, dev,
    ...(broadcast !== undefined && broadcast !== '-' ? { broadcast } : {}),
    ...(scope !== undefined ? { scope } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(noprefixroute ? { noprefixroute: true } : {}),
  };
  if (cmd === 'del') engineResult(np.engine.ipAddrDel(np.target, a));
  else {
    const res = np.engine.ipAddrAdd(np.target, a);
    if (cmd === 'replace' && 'error' in res && res.error.endsWith('File exists')) return 0;
    engineResult(res);
  }
  return 0;
}

function doAddress(run: Run, np: NetPlace, args: Args): number {
  if (args.done) return addrShow(run, np, args);
  const cmd = args.take();
  if (matches(cmd, 'add')) return addrModify(run, np, args, 'add');
  if (matches(cmd, 'change') || cmd === 'chg' || matches(cmd, 'replace')) return addrModify(run, np, args, 'replace');
  if (matches(cmd, 'delete')) return addrModify(run, np, args, 'del');
  if (matches(cmd, 'list') || matches(cmd, 'show') || matches(cmd, 'lst')) return addrShow(run, np, args);
  if (matches(cmd, 'flush')) {
    const dev = parseShowDev(args, 'address');
    if (dev === undefined) throw new IpExit(1, 'Flush requires arguments.\n');
    const link = linkByName(np.ns, dev);
    if (!link) throw new IpExit(1, `Device "${dev}" does not exist.\n`);
    const addrs = np.ns.addresses.filter((a) => a.ifindex === link.ifindex);
    if (addrs.length === 0) return 0;
    needRoot(run, 'Failed to send flush request: Operation not permitted\n');
    for (const a of addrs) np.engine.ipAddrDel(np.target, { addr: `${formatIp(a.local)}/${a.prefixlen}`, dev });
    return 0;
  }
  if (matches(cmd, 'save') || matches(cmd, 'restore') || matches(cmd, 'showdump')) throw new IpExit(1, 'Not sending a binary stream to stdout\n');
  if (matches(cmd, 'help')) throw new IpExit(255, IP_ADDR_USAGE);
  throw new IpExit(255, `Command "${cmd}" is unknown, try "ip address help".\n`);
}

function linkShow(run: Run, np: NetPlace, args: Args): number {
  const dev = parseShowDev(args, 'link');
  if (dev !== undefined && !linkByName(np.ns, dev)) throw new IpExit(1, `Device "${dev}" does not exist.\n`);
  if (run.opts.json) json(run, ipLinkJson(np.world, np.ns, dev !== undefined ? { dev } : {}));
  else if (run.opts.brief) run.out += briefLink(np, dev);
  else if (run.opts.oneline) run.out += onelineLink(np, dev);
  else run.out += formatIpLink(np.world, np.ns, dev !== undefined ? { dev } : {});
  return 0;
}

function linkSet(run: Run, np: NetPlace, args: Args): number {
  let dev: string | undefined;
  let state: 'up' | 'down' | undefined;
  let other = false;
  while (!args.done) {
    const w = args.take();
    if (w === 'up' || w === 'down') state = w;
    else if (w === 'dev') dev = args.next();
    else if (['arp', 'dynamic', 'multicast', 'allmulticast', 'promisc', 'trailers', 'carrier', 'txqueuelen', 'txqlen', 'qlen', 'name', 'address', 'broadcast', 'brd', 'mtu', 'netns', 'alias', 'master', 'vrf', 'group', 'addrgenmode', 'protodown', 'type', 'link-netns', 'link-netnsid'].includes(w)) {
      args.next();
      other = true;
    } else if (w === 'nomaster') other = true;
    else if (matches(w, 'help')) throw new IpExit(255, IP_LINK_USAGE);
    else {
      if (dev !== undefined) throw duparg2('dev', w);
      dev = w;
    }
  }
  if (dev === undefined) throw new IpExit(1, 'Not enough information: "dev" argument is required.\n');
  devIndex(np.ns, dev);
  needRoot(run);
  if (other) throw new IpExit(2, 'RTNETLINK answers: Operation not supported\n');
  if (state) engineResult(np.engine.ipLinkSet(np.target, dev, state));
  return 0;
}

function doLink(run: Run, np: NetPlace, args: Args): number {
  if (args.done) return linkShow(run, np, args);
  const cmd = args.take();
  if (matches(cmd, 'add') || matches(cmd, 'delete')) {
    needRoot(run);
    throw new IpExit(2, 'RTNETLINK answers: Operation not supported\n');
  }
  if (matches(cmd, 'set') || matches(cmd, 'change')) return linkSet(run, np, args);
  if (matches(cmd, 'show') || matches(cmd, 'list') || matches(cmd, 'lst')) return linkShow(run, np, args);
  if (matches(cmd, 'help')) throw new IpExit(255, IP_LINK_USAGE);
  throw new IpExit(255, `Command "${cmd}" is unknown, try "ip link help".\n`);
}

// ---------------------------------------------------------------- neigh / rule
function doNeigh(run: Run, np: NetPlace, args: Args): number {
  const cmd = args.done ? 'show' : args.take();
  if (matches(cmd, 'show') || matches(cmd, 'list') || matches(cmd, 'lst')) {
    let dev: number | undefined;
    while (!args.done) {
      const w = args.take();
      if (w === 'dev') dev = devIndex(np.ns, args.next());
      else if (w === 'nud' || w === 'to' || w === 'vrf') args.next();
      else if (matches(w, 'help')) throw new IpExit(255, IP_NEIGH_USAGE);
    }
    const entries = np.ns.neighbours.filter((n) => dev === undefined || n.ifindex === dev);
    const name = (i: number) => np.ns.links.find((l) => l.ifindex === i)?.name ?? `if${i}`;
    if (run.opts.json) {
      json(run, entries.map((n) => ({ dst: formatIp(n.ip), ...(dev === undefined ? { dev: name(n.ifindex) } : {}), ...(n.mac ? { lladdr: n.mac } : {}), state: [n.state] })));
    } else {
      for (const n of entries) {
        run.out += `${formatIp(n.ip)} ${dev === undefined ? `dev ${name(n.ifindex)} ` : ''}${n.mac ? `lladdr ${n.mac} ` : ''}${n.state} \n`;
      }
    }
    return 0;
  }
  if (matches(cmd, 'add') || matches(cmd, 'change') || matches(cmd, 'replace') || matches(cmd, 'delete') || matches(cmd, 'flush')) {
    needRoot(run);
    throw new IpExit(2, 'RTNETLINK answers: Operation not supported\n');
  }
  if (matches(cmd, 'help')) throw new IpExit(255, IP_NEIGH_USAGE);
  throw new IpExit(255, `Command "${cmd}" is unknown, try "ip neigh help".\n`);
}

function doRule(run: Run, args: Args): number {
  const cmd = args.done ? 'show' : args.take();
  if (!(matches(cmd, 'show') || matches(cmd, 'list') || matches(cmd, 'lst'))) {
    needRoot(run);
    throw new IpExit(2, 'RTNETLINK answers: Operation not supported\n');
  }
  if (run.opts.family === 'inet6') {
    run.out += '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n';
    return 0;
  }
  if (run.opts.json) json(run, [{ priority: 0, src: 'all', table: 'local' }, { priority: 32766, src: 'all', table: 'main' }, { priority: 32767, src: 'all', table: 'default' }]);
  else run.out += '0:\tfrom all lookup local\n32766:\tfrom all lookup main\n32767:\tfrom all lookup default\n';
  return 0;
}

function main(ctx: CommandContext, run: Run): number {
  const words = ctx.args;
  const start = parseOptions(words, run.opts);
  if (start >= words.length) throw new IpExit(255, IP_USAGE);
  const objWord = words[start] as string;
  const object = OBJECTS.find((o) => matches(objWord, o));
  if (!object) throw new IpExit(1, `Object "${objWord}" is unknown, try "ip help".\n`);
  if (object === 'help') throw new IpExit(255, IP_USAGE);
  const args = new Args(words.slice(start + 1));
  if (object === 'rule') return doRule(run, args);
  const np = netPlace(ctx);
  if (!np) return noNetns(ctx, 'ip');
  switch (object) {
    case 'address': return doAddress(run, np, args);
    case 'route': return doRoute(run, np, args);
    case 'link': return doLink(run, np, args);
    case 'neighbor':
    case 'neighbour': return doNeigh(run, np, args);
    case 'netns':
    case 'monitor':
    case 'maddress':
    case 'tunnel':
    case 'tuntap':
    case 'tap':
    case 'xfrm':
    case 'mroute':
    case 'mrule':
    case 'vrf':
    case 'nexthop':
    case 'addrlabel':
    case 'tcpmetrics':
    case 'tcp_metrics':
      // Nothing of these kinds exists in a kindnet cluster's namespaces.
      return 0;
    default:
      throw new IpExit(1, `podlab: "ip ${object}" is not simulated in this lab\n`);
  }
}

/*
 * busybox `ip` (rancher/hello-world's Alpine, busybox images) prints links,
 * addresses and routes with the same printers as iproute2: busybox's
 * networking/libiproute was forked from iproute2 and keeps its field order;
 * the differences (no trailing space on route lines, no `-j`, shorter usage
 * text) are not modelled here. Documented as an approximation.
 */
export const ip: CommandSpec = {
  name: 'ip',
  summary: 'show and change routes, addresses and links (iproute2)',
  usage: 'ip [ OPTIONS ] OBJECT { COMMAND | help }',
  subcommands: ['address', 'addr', 'link', 'route', 'neigh', 'rule', 'help', '-4', '-br', '-j', '-o'],
  complete(before, ctx) {
    const words = before.filter((w) => !w.startsWith('-'));
    const last = before[before.length - 1];
    if (last === 'dev' || last === 'iif' || last === 'oif') return devices(ctx);
    if (words.length === 0) return ['address', 'link', 'route', 'neigh', 'rule', 'help'];
    const object = words[0] as string;
    if (words.length === 1) {
      if ('route'.startsWith(object)) return ['show', 'get', 'add', 'del', 'replace', 'flush', 'help'];
      if ('address'.startsWith(object)) return ['show', 'add', 'del', 'flush', 'help'];
      if ('link'.startsWith(object)) return ['show', 'set', 'help'];
      return ['show', 'help'];
    }
    const verb = words[1] as string;
    if ('route'.startsWith(object) && 'get'.startsWith(verb) && words.length === 2) return clusterAddresses(ctx);
    if ('link'.startsWith(object) && verb === 'set' && words.length === 2) return devices(ctx);
    if ('link'.startsWith(object) && verb === 'set' && words.length === 3) return ['up', 'down'];
    return ['dev', 'via', 'src', 'metric', 'table', 'scope', 'proto'];
  },
  run(ctx) {
    const run: Run = { ctx, opts: { family: 'any', json: false, pretty: false, brief: false, oneline: false, stats: 0, details: false, color: false }, out: '' };
    try {
      const status = main(ctx, run);
      ctx.io.out(run.out);
      return status;
    } catch (e) {
      if (!(e instanceof IpExit)) throw e;
      ctx.io.out(run.out);
      if (e.stderr) ctx.io.err(e.stderr);
      return e.status;
    }
  },
};

export { TABLE_LOCAL, addrInfoJson };
