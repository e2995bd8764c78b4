/**
 * dig, BIND 9.16.1 (flavour `bind`: Ubuntu 20.04's dnsutils on kicbase nodes
 * and the AKS image) or 9.18.49 (`bind-9.18`: netshoot). The layout follows
 * bin/dig/dig.c printmessage() and received(); a reply is the engine's
 * answer to a query sent as a packet (see net/dns.ts). The two versions
 * differ in the SERVER line (9.18 adds the transport: `(UDP)`), the EDNS
 * buffer dig offers and CoreDNS echoes (4096 in 9.16, 1232 in 9.18) and how
 * a lookup with no reply ends (9.16: `;; connection timed out; no servers
 * could be reached`; 9.18: one `;; communications error to ...` per try,
 * then `;; no servers could be reached`). Exit status 9 when no reply came.
 * By default dig does not use the search list (+search turns it on).
 * Options apply to every name on the line wherever they stand (real dig
 * scopes those after a name to it); 9.16.1 after "connection refused" or a
 * failed send prints its timeout text (its own wording was not recorded).
 */
import { parseIp } from '../../addr/ipv4';
import { responseSize, RR_TYPES, type DnsQuestion, type DnsResponse, type RRType } from '../../control/coredns';
import { absolute, digWhen, questionLine, rdataText, recordLine } from '../format/dns-dig';
import { rfc1123z } from '../format/kube-time';
import type { CommandContext, CommandSpec } from '../types';
import { clusterAddresses } from '../complete';
import { hostsFile } from './net/common';
import { dnsEndpoint, dnsJitter, getaddrinfo, parseResolvConf, resolvConfText, resolverFor, type Outcome } from './net/dns';
import { candidatesFor, nameProblem, query, reverseOf, type Server } from './nslookup';

const USAGE = `Usage:  dig [@global-server] [domain] [q-type] [q-class] {q-opt}
            {global-d-opt} host [@local-server] {local-d-opt}
            [ host [@local-server] {local-d-opt} [...]]

Use "dig -h" (or "dig -h | more") for complete list of options
`;

interface Version {
  text: string;
  udpSize: number;
  transportSuffix: boolean;
  perTryErrors: boolean;
}

function version(flavor: string): Version {
  return flavor === 'bind-9.18'
    ? { text: '9.18.49', udpSize: 1232, transportSuffix: true, perTryErrors: true }
    : { text: '9.16.1-Ubuntu', udpSize: 4096, transportSuffix: false, perTryErrors: false };
}

interface Lookup {
  name: string;
  type: RRType;
  typeSet: boolean;
  reverse: boolean;
}

interface Options {
  short: boolean;
  comments: boolean;
  stats: boolean;
  cmd: boolean;
  question: boolean;
  answer: boolean;
  authority: boolean;
  additional: boolean;
  search: boolean;
  recurse: boolean;
  edns: boolean;
  tcp: boolean;
  tries: number;
  port: number;
  server?: string;
}

const TYPE_NAMES = Object.keys(RR_TYPES) as RRType[];
const CLASSES = ['IN', 'CH', 'CHAOS', 'HS', 'HESIOD', 'ANY', 'NONE'];

/** dig -x: an IPv6 address's nibbles under ip6.arpa; anything else has its labels reversed under in-addr.arpa. */
function reverseFor(text: string): string {
  if (text.includes(':')) return reverseOf(text) ?? text;
  return `${text.split('.').reverse().join('.')}.in-addr.arpa`;
}

type Parsed = { lookups: Lookup[]; opts: Options; cmdline: string } | { exit: number };

function parse(ctx: CommandContext, v: Version): Parsed {
  const { io } = ctx;
  const opts: Options = { short: false, comments: true, stats: true, cmd: true, question: true, answer: true, authority: true, additional: true, search: false, recurse: true, edns: true, tcp: false, tries: 3, port: 53 };
  const lookups: Lookup[] = [];
  let defaultType: RRType | null = null;
  const invalid = (what: string): Parsed => {
    io.err(`Invalid option: ${what}\n${USAGE}`);
    return { exit: 1 };
  };
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('@')) {
      opts.server = a.slice(1);
      continue;
    }
    if (a.startsWith('+')) {
      const body = a.slice(1);
      const no = body.startsWith('no');
      const word = (no ? body.slice(2) : body).split('=')[0]!.toLowerCase();
      const value = body.includes('=') ? body.slice(body.indexOf('=') + 1) : undefined;
      const on = !no;
      const section = (k: 'question' | 'answer' | 'authority' | 'additional') => { opts[k] = on; };
      switch (word) {
        case 'short': opts.short = on; if (on) { opts.cmd = false; opts.comments = false; opts.stats = false; } break;
        case 'comments': opts.comments = on; break;
        case 'stats': opts.stats = on; break;
        case 'cmd': opts.cmd = on; break;
        case 'question': case 'answer': case 'authority': case 'additional': section(word); break;
        case 'all': opts.comments = on; opts.stats = on; opts.cmd = on; opts.question = on; opts.answer = on; opts.authority = on; opts.additional = on; break;
        case 'search': case 'defname': opts.search = on; break;
        case 'recurse': opts.recurse = on; break;
        case 'edns': opts.edns = on; break;
        case 'tcp': case 'vc': opts.tcp = on; break;
        case 'cookie': case 'showsearch': case 'ttlid': case 'class': case 'ttlunits': case 'identify': case 'cdflag': case 'adflag': case 'aaflag': case 'qr': break;
        case 'tries': case 'retry': case 'time': case 'ndots': case 'timeout': {
          if (value === undefined || !/^\d+$/.test(value)) {
            if (v.perTryErrors) io.err(`dig: Couldn't parse ${word === 'timeout' ? 'timeout' : word}\n`);
            else io.out(`invalid ${word} '${value ?? ''}': not a valid number\n`);
            return { exit: 1 };
          }
          if (word === 'tries') opts.tries = Math.max(1, Number(value));
          if (word === 'retry') opts.tries = Number(value) + 1;
          break;
        }
        default: return invalid(a);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const flag = a[1]!;
      const attached = a.slice(2);
      const value = (): string | null => {
        if (attached !== '') return attached;
        const next = args[i + 1];
        if (next === undefined) return null;
        i++;
        return next;
      };
      switch (flag) {
        case '4': break;
        case '6': io.err('podlab: dig -6 needs IPv6, which is not part of this lab\n'); return { exit: 1 };
        case 'v': io.err(`DiG ${v.text}\n`); return { exit: 0 };
        case 'h': io.out(`${USAGE.split('\n\n')[0]}\n\npodlab: this dig knows @server, -x, -t, -c, -p, -4, +short, +search, +tcp, +tries, +retry, +[no]recurse, +[no]edns and +[no]cmd/comments/stats/question/answer/authority/additional/all\n`); return { exit: 0 };
        case 'x': {
          const addr = value();
          if (addr === null) return invalid(a);
          lookups.push({ name: reverseFor(addr), type: 'PTR', typeSet: true, reverse: true });
          break;
        }
        case 't': case 'c': case 'p': case 'q': case 'b': {
          const val = value();
          if (val === null) return invalid(a);
          if (flag === 't') {
            const t = val.toUpperCase();
            if (!TYPE_NAMES.includes(t as RRType)) { io.err(`;; Warning, ignoring invalid type ${val}\n`); break; }
            const last = lookups[lookups.length - 1];
            if (last) { last.type = t as RRType; last.typeSet = true; } else defaultType = t as RRType;
          } else if (flag === 'c') {
            if (!CLASSES.includes(val.toUpperCase())) io.err(`;; Warning, ignoring invalid class ${val}\n`);
          } else if (flag === 'p') {
            if (!/^\d+$/.test(val) || Number(val) > 65535) {
              io.out(`invalid port number '${val}': ${/^\d+$/.test(val) ? 'out of range' : 'not a valid number'}\n`);
              io.err("dig: Couldn't parse port number\n");
              return { exit: 1 };
            }
            opts.port = Number(val);
          } else if (flag === 'q') lookups.push({ name: val, type: defaultType ?? 'A', typeSet: defaultType !== null, reverse: false });
          break;
        }
        default: return invalid(a);
      }
      continue;
    }
    const upper = a.toUpperCase();
    const last = lookups[lookups.length - 1];
    if (TYPE_NAMES.includes(upper as RRType) && !(last?.typeSet ?? defaultType !== null)) {
      if (last) { last.type = upper as RRType; last.typeSet = true; } else defaultType = upper as RRType;
      continue;
    }
    if (CLASSES.includes(upper)) continue;
    lookups.push({ name: a, type: defaultType ?? 'A', typeSet: defaultType !== null, reverse: false });
  }
  if (lookups.length === 0) lookups.push({ name: '.', type: defaultType ?? 'NS', typeSet: true, reverse: false });
  for (const l of lookups) if (!l.typeSet && defaultType) l.type = defaultType;
  const cmdline = `\n; <<>> DiG ${v.text} <<>>${args.map((x) => ` ${x}`).join('')}\n`;
  return { lookups, opts, cmdline };
}

function run(ctx: CommandContext): number {
  const { io } = ctx;
  const v = version(ctx.flavor);
  const p = parse(ctx, v);
  if ('exit' in p) return p.exit;
  const { lookups, opts } = p;
  const conf = parseResolvConf(resolvConfText(ctx));
  let server: Server;
  if (opts.server !== undefined) {
    let ip: string | null = parseIp(opts.server) !== null ? opts.server : null;
    if (ip === null) {
      const r = resolverFor(ctx, hostsFile(ctx));
      const gai = r ? getaddrinfo(r, opts.server) : null;
      if (!gai || !gai.ok) {
        io.err(`dig: couldn't get address for '${opts.server}': ${gai && !gai.ok && gai.error === 'EAI_NONAME' ? 'not found' : 'failure'}\n`);
        return 1;
      }
      ip = gai.addresses[0] ?? null;
    }
    server = { label: opts.server, ip: ip ?? '127.0.0.1', port: opts.port };
  } else {
    const ip = conf.nameservers[0] ?? '127.0.0.1';
    server = { label: ip, ip, port: opts.port };
  }
  for (const l of lookups) {
    const problem = nameProblem(l.name);
    if (problem) {
      io.err(`dig: '${l.name}' is not a legal name (${problem})\n`);
      return 10;
    }
  }
  let cmdline = opts.cmd ? `${p.cmdline}${opts.server !== undefined ? '; (1 server found)\n' : ''};; global options:${opts.short ? ' +short' : ''} +cmd\n` : '';
  const ep = dnsEndpoint(ctx);
  const sock = `${server.ip}#${server.port}`;
  let status = 0;
  let out = '';
  lookups.forEach((l, index) => {
    const candidates = opts.search && !l.reverse ? candidatesFor(l.name, conf.search, conf.ndots) : [l.name === '.' ? '.' : l.name.replace(/\.$/, '') || '.'];
    let qname = candidates[0]!;
    let outcome: Outcome = { kind: 'timeout' };
    for (const c of candidates) {
      qname = c;
      outcome = ep ? query(ep, server, c, l.type, opts.tcp) : { kind: 'unreachable', message: 'Network is unreachable' };
      if (outcome.kind !== 'answer' || outcome.response.rcode !== 'NXDOMAIN') break;
    }
    if (outcome.kind !== 'answer') {
      status = 9;
      if (!v.perTryErrors || outcome.kind === 'timeout' || outcome.kind === 'refused') {
        if (v.perTryErrors) for (let t = 0; t < opts.tries; t++) out += `;; communications error to ${sock}: ${outcome.kind === 'refused' ? 'connection refused' : 'timed out'}\n`;
        out += cmdline;
        cmdline = '';
        out += v.perTryErrors ? ';; no servers could be reached\n' : ';; connection timed out; no servers could be reached\n\n';
      } else {
        for (let t = 0; t < opts.tries; t++) out += `;; UDP setup with ${sock}(${server.label}) for ${l.name} failed: network unreachable.\n;; no servers could be reached\n`;
      }
      return;
    }
    if (!ep) return;
    const r = outcome.response;
    const withOpt = opts.edns && outcome.by === 'coredns';
    const q: DnsQuestion = { name: qname, type: l.type };
    if (opts.short) {
      if (opts.answer) for (const rr of r.answer) out += `${rdataText(rr.data)}\n`;
      return;
    }
    out += cmdline;
    cmdline = '';
    out += message(q, r, withOpt, opts, v, dnsJitter(ep, 'dig-id', index, qname) & 0xffff);
    if (opts.stats) {
      out += `;; Query time: ${Math.floor(outcome.rttUs / 1000)} msec\n`;
      out += `;; SERVER: ${sock}(${server.label})${v.transportSuffix ? (opts.tcp ? ' (TCP)' : ' (UDP)') : ''}\n`;
      out += `;; WHEN: ${digWhen(rfc1123z(ctx.now))}\n`;
      out += `;; MSG SIZE  rcvd: ${responseSize(q, r, withOpt)}\n\n`;
    }
  });
  io.out(out);
  return status;
}

/** printmessage(): the header block, the OPT pseudosection and the sections, as flags allow. */
function message(q: DnsQuestion, r: DnsResponse, withOpt: boolean, opts: Options, v: Version, id: number): string {
  let s = '';
  const additional = r.additional.length + (withOpt ? 1 : 0);
  if (opts.comments) {
    s += ';; Got answer:\n';
    const n = absolute(q.name).toLowerCase();
    if (n === 'local.' || n.endsWith('.local.')) s += ';; WARNING: .local is reserved for Multicast DNS\n;; You are currently testing what happens when an mDNS query is leaked to DNS\n';
    s += `;; ->>HEADER<<- opcode: QUERY, status: ${r.rcode}, id: ${id}\n`;
    s += `;; flags: qr${r.aa ? ' aa' : ''}${opts.recurse ? ' rd' : ''}${r.ra ? ' ra' : ''}; QUERY: 1, ANSWER: ${r.answer.length}, AUTHORITY: ${r.authority.length}, ADDITIONAL: ${additional}\n`;
    if (opts.recurse && !r.ra) s += ';; WARNING: recursion requested but not available\n';
    s += '\n';
    if (withOpt) s += `;; OPT PSEUDOSECTION:\n; EDNS: version: 0, flags:; udp: ${v.udpSize}\n`;
  }
  const section = (title: string, lines: string[]) => {
    if (lines.length === 0) return;
    if (opts.comments) s += `;; ${title} SECTION:\n`;
    s += lines.map((l) => `${l}\n`).join('');
    if (opts.comments) s += '\n';
  };
  if (opts.question) section('QUESTION', [questionLine(q)]);
  if (opts.answer) section('ANSWER', r.answer.map(recordLine));
  if (opts.authority) section('AUTHORITY', r.authority.map(recordLine));
  if (opts.additional) section('ADDITIONAL', r.additional.map(recordLine));
  return s;
}

const DIG_OPTIONS = ['+short', '+search', '+tcp', '+noall', '+answer', '+nocmd', '+nocomments', '+nostats', '+norecurse', '+noedns', '+tries=', '+retry='];

export const dig: CommandSpec = {
  name: 'dig',
  summary: 'query a DNS server and print its whole reply (BIND dig)',
  usage: 'dig [@server] [-x addr] [-t type] [+short] [+search] name [type]',
  complete: (before, ctx, word) => {
    const last = before[before.length - 1];
    if (last === '-t') return TYPE_NAMES;
    if (last === '-x') return clusterAddresses(ctx);
    if (word.startsWith('+')) return DIG_OPTIONS;
    if (word.startsWith('@')) return ['@10.96.0.10', ...(ctx.cluster ? [`@${ctx.cluster.state.network.gateway}`] : [])];
    const e = ctx.cluster;
    return e ? [...e.services().map((s) => `${s.name}.${s.namespace}.svc.cluster.local`), 'A', 'AAAA', 'PTR', 'SRV', 'SOA', 'NS'] : [];
  },
  run,
};
