/**
 * nslookup, in the flavour of the image:
 *  - busybox 1.36 (networking/nslookup.c, FEATURE_NSLOOKUP_BIG): reads
 *    resolv.conf itself, appends each search domain to a name without a dot
 *    (and never tries the bare name), sends A and AAAA for every candidate at
 *    once and prints every reply: `** server can't find x: NXDOMAIN` for the
 *    ones that fail. `Address:\t10.96.0.10:53`.
 *  - BIND (bin/dig/nslookup.c over dighost.c): walks the search list (with
 *    fewer than ndots dots: each domain, then the name as is; otherwise the
 *    name only), stops at the first answer that is not NXDOMAIN, prints
 *    `Address:\t10.96.0.10#53`, then asks AAAA for the name that answered.
 *    Flavour `bind` is 9.16.1 (Ubuntu 20.04: kicbase nodes, the AKS image);
 *    `bind-9.18` is 9.18.49 (netshoot), which also comments on every reply
 *    without recursion available (`;; Got recursion not available from
 *    10.96.0.10`, since 9.18.26) and reports each failed try.
 * Outputs were checked against the real tools (busybox 1.35, BIND 9.18.49;
 * busybox's nslookup.c is unchanged from 1.35 to 1.36.1) querying a server
 * that answers as CoreDNS does, over a veth pair for the failures (ICMP
 * port unreachable, no route). Not reproduced: 9.16.1 after "connection
 * refused" or a failed send (it prints its timeout text here), -debug.
 */
import { parseIp } from '../../addr/ipv4';
import { formatIpv6, reverseName, type DnsResponse, type RRType } from '../../control/coredns';
import { bindRecord, busyboxRecord } from '../format/dns-nslookup';
import type { CommandContext, CommandSpec } from '../types';
import { hostsFile } from './net/common';
import { dnsEndpoint, exchange, getaddrinfo, parseResolvConf, resolvConfText, resolverFor, type DnsEndpoint, type Outcome } from './net/dns';
import { clusterAddresses } from '../complete';

const BUSYBOX_USAGE = `BusyBox v1.36.1 (2023-07-27 17:12:24 UTC) multi-call binary.

Usage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]

Query DNS about HOST

QUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any
`;

const BIND_USAGE = `Usage:
   nslookup [-opt ...]             # interactive mode using default server
   nslookup [-opt ...] - server    # interactive mode using 'server'
   nslookup [-opt ...] host        # just look up 'host' using default server
   nslookup [-opt ...] host server # just look up 'host' using 'server'
`;

const INTERACTIVE = 'podlab: nslookup\'s interactive mode is not part of this lab; give the name to look up: nslookup NAME [SERVER]\n';

/** busybox's qtypes table, in its order (queries go out in this order). */
const BUSYBOX_TYPES: RRType[] = ['SOA', 'NS', 'A', 'AAAA', 'CNAME', 'MX', 'TXT', 'SRV', 'PTR', 'ANY'];
const KNOWN_TYPES: readonly string[] = ['A', 'NS', 'CNAME', 'SOA', 'PTR', 'MX', 'TXT', 'AAAA', 'SRV', 'ANY'];
/** Types dns_rdatatype_fromtext knows but the lab's servers answer like any unknown one. */
const OTHER_BIND_TYPES = ['HINFO', 'NAPTR', 'CAA', 'DS', 'DNSKEY', 'RRSIG', 'NSEC', 'NSEC3', 'TLSA', 'SSHFP', 'SPF', 'AXFR', 'IXFR', 'LOC', 'RP', 'DNAME', 'URI', 'HTTPS', 'SVCB'];

/** A name res_mkquery / dns_name_fromtext can encode: labels of 1-63 characters, 255 bytes in all. */
export function nameProblem(name: string): 'empty label' | 'label too long' | 'ran out of space' | null {
  const n = name.endsWith('.') && name !== '.' ? name.slice(0, -1) : name;
  if (n === '.' || n === '') return null;
  const labels = n.split('.');
  if (labels.some((l) => l === '')) return 'empty label';
  if (labels.some((l) => l.length > 63)) return 'label too long';
  if (labels.reduce((s, l) => s + l.length + 1, 1) > 255) return 'ran out of space';
  return null;
}

/** inet_pton(AF_INET) or inet_pton(AF_INET6): the reverse name nslookup asks for, or null. */
export function reverseOf(text: string): string | null {
  if (parseIp(text) !== null) return reverseName(text);
  const v6 = formatIpv6(text);
  if (v6 === null) return null;
  const full = v6.includes('::')
    ? (() => {
      const [h, t] = v6.split('::') as [string, string];
      const hs = h ? h.split(':') : [];
      const ts = t ? t.split(':') : [];
      return [...hs, ...new Array<string>(8 - hs.length - ts.length).fill('0'), ...ts];
    })()
    : v6.split(':');
  const nibbles = full.map((g) => g.padStart(4, '0')).join('').split('').reverse();
  return `${nibbles.join('.')}.ip6.arpa`;
}

export interface Server {
  /** As the user wrote it, or as resolv.conf has it. */
  label: string;
  ip: string;
  port: number;
}

/** Resolves a server given by name the way the tool's libc would; null when it cannot. */
function serverAddress(ctx: CommandContext, text: string): string | null {
  if (parseIp(text) !== null) return text;
  const r = resolverFor(ctx, hostsFile(ctx));
  if (!r) return null;
  const a = getaddrinfo(r, text);
  return a.ok ? (a.addresses[0] ?? null) : null;
}

/** One query. Only port 53 has a server behind it: elsewhere a packet that gets there meets ICMP port unreachable. */
export function query(ep: DnsEndpoint, server: Server, name: string, type: RRType, tcp = false): Outcome {
  const o = exchange(ep, server.ip, { name, type }, { tcp });
  return server.port !== 53 && o.kind === 'answer' ? { kind: 'refused' } : o;
}

// ---- busybox ---------------------------------------------------------------------------------

function busybox(ctx: CommandContext): number {
  const { io } = ctx;
  const usage = () => {
    io.err(BUSYBOX_USAGE);
    return 1;
  };
  const args = [...ctx.args];
  let types: RRType[] = [];
  let port = 53;
  while (args.length > 0 && args[0]!.startsWith('-')) {
    const a = args.shift()!.slice(1);
    const eq = a.indexOf('=');
    const key = eq < 0 ? a : a.slice(0, eq);
    const val = eq < 0 ? '' : a.slice(eq + 1);
    const range = (hi: number): number | null => {
      if (!/^\d+$/.test(val)) {
        io.err(`nslookup: invalid number '${val}'\n`);
        return null;
      }
      const n = Number(val);
      if (n < 1 || n > hi) {
        io.err(`nslookup: number ${val} is not in 1..${hi} range\n`);
        return null;
      }
      return n;
    };
    if (key === 'type' || key === 'querytype') {
      const t = BUSYBOX_TYPES.find((x) => x.toLowerCase() === val.toLowerCase());
      if (!t) {
        io.err(`nslookup: invalid query type "${val}"\n`);
        return 1;
      }
      if (!types.includes(t)) types.push(t);
    } else if (key === 'port') {
      const n = range(65535);
      if (n === null) return 1;
      port = n;
    } else if (key === 'retry') {
      if (range(2147483647) === null) return 1;
    } else if (key === 't' || key === 'timeout') {
      if (range(2147483) === null) return 1;
    } else if (key !== 'debug') return usage();
  }
  if (args.length === 0 || args.length > 2) return usage();
  const host = args[0]!;
  const ep = dnsEndpoint(ctx);
  let server: Server;
  let search: string[] = [];
  if (args[1] !== undefined) {
    const text = args[1];
    const m = /^(.*):(\d+)$/.exec(text);
    const hostPart = m && !m[1]!.includes(':') ? m[1]! : text;
    const ip = serverAddress(ctx, hostPart);
    if (ip === null) {
      io.err(`nslookup: bad address '${text}'\n`);
      return 1;
    }
    server = { label: text, ip, port: m ? Number(m[2]) : port };
  } else {
    const conf = parseResolvConf(resolvConfText(ctx));
    server = { label: conf.nameservers[0] ?? '127.0.0.1', ip: conf.nameservers[0] ?? '127.0.0.1', port };
    search = conf.search;
  }
  if (!ep) {
    io.err(`nslookup: can't connect to remote host (${server.ip}): Network is unreachable\n`);
    return 1;
  }
  const queries: Array<{ name: string; type: RRType }> = [];
  const withSearch = (type: RRType, name: string) => {
    if (type === 'PTR' || search.length === 0 || name.includes('.')) queries.push({ name, type });
    else for (const d of search) queries.push({ name: `${name}.${d}`, type });
  };
  if (types.length === 0) {
    const ptr = reverseOf(host);
    if (ptr) queries.push({ name: ptr, type: 'PTR' });
    else {
      withSearch('A', host);
      withSearch('AAAA', host);
    }
  } else {
    for (const t of BUSYBOX_TYPES) if (types.includes(t)) withSearch(t, host);
  }
  const timedOut = () => {
    io.out(';; connection timed out; no servers could be reached\n\n');
    return 1;
  };
  if (queries.some((q) => nameProblem(q.name) !== null)) {
    io.err(`nslookup: write to '${server.label}': Message too long\n`);
    return timedOut();
  }
  const outcomes = queries.map((q) => query(ep, server, q.name, q.type));
  const unreachable = outcomes.find((o) => o.kind === 'unreachable');
  if (unreachable && unreachable.kind === 'unreachable') {
    io.err(`nslookup: can't connect to remote host (${server.ip}): ${unreachable.message}\n`);
    return 1;
  }
  if (outcomes.some((o) => o.kind === 'refused')) {
    io.err(`nslookup: write to '${server.label}': Connection refused\n`);
    return timedOut();
  }
  if (!outcomes.some((o) => o.kind === 'answer')) return timedOut();
  io.out(`Server:\t\t${server.label}\nAddress:\t${server.ip}:${server.port}\n\n`);
  let status = 0;
  let unanswered = false;
  queries.forEach((q, i) => {
    const o = outcomes[i]!;
    if (o.kind !== 'answer') return;
    const r = o.response;
    if (r.rcode !== 'NOERROR') {
      io.out(`** server can't find ${q.name}: ${r.rcode}\n`);
      status = 1;
    } else {
      let text = r.aa ? '' : 'Non-authoritative answer:\n';
      for (const rr of r.answer) text += busyboxRecord(rr);
      io.out(text);
    }
    io.out('\n');
  });
  queries.forEach((q, i) => {
    if (outcomes[i]!.kind !== 'answer') {
      io.out(`*** Can't find ${q.name}: No answer\n`);
      unanswered = true;
    }
  });
  if (unanswered) io.out('\n');
  return status;
}

// ---- BIND ------------------------------------------------------------------------------------

interface BindVersion {
  text: string;
  /** 9.18: ";; communications error to X#53: timed out" per try; 9.16: one "connection timed out" line. */
  perTryErrors: boolean;
  /** 9.18.26+: comments on replies without recursion (or SERVFAIL) even with a single server. */
  raComments: boolean;
}

const BIND_916: BindVersion = { text: '9.16.1-Ubuntu', perTryErrors: false, raComments: false };
const BIND_918: BindVersion = { text: '9.18.49', perTryErrors: true, raComments: true };

export function bindVersion(flavor: string): BindVersion {
  return flavor === 'bind-9.18' ? BIND_918 : BIND_916;
}

function bind(ctx: CommandContext): number {
  const { io } = ctx;
  const v = bindVersion(ctx.flavor);
  let type: RRType = 'A';
  let defaultLookups = true;
  let port = 53;
  let tries = 3;
  let usesearch = true;
  let recurse = true;
  let tcp = false;
  let tcpSet = false;
  let ndots: number | null = null;
  const domains: string[] = [];
  let host: string | undefined;
  let serverText: string | undefined;
  let haveLookup = false;
  const args = ctx.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-')) {
      if (a.toLowerCase().startsWith('-ver')) {
        io.out(`nslookup ${v.text}\n`);
        return 0;
      }
      if (a.length === 1) {
        haveLookup = true;
        continue;
      }
      const opt = a.slice(1);
      const lo = opt.toLowerCase();
      const check = (word: string, min: number) => lo.length >= min && lo.length <= word.length && word.startsWith(lo);
      const valueOf = (prefixes: string[]) => {
        for (const p of prefixes) if (lo.startsWith(p)) return opt.slice(p.length);
        return null;
      };
      const typeText = valueOf(['type=', 'ty=', 'querytype=', 'query=', 'qu=', 'q=']);
      const classText = valueOf(['class=', 'cl=']);
      const portText = valueOf(['port=', 'po=']);
      const timeoutText = valueOf(['timeout=', 't=']);
      const retryText = valueOf(['retry=', 'ret=']);
      const domainText = valueOf(['domain=', 'do=']);
      const ndotsText = valueOf(['ndots=']);
      const uint = (text: string, max: number, desc: string): number | null => {
        if (!/^\d+$/.test(text)) {
          io.out(`invalid ${desc} '${text}': not a valid number\n`);
          return null;
        }
        const n = Number(text);
        if (n > max) {
          io.out(`invalid ${desc} '${text}': out of range\n`);
          return null;
        }
        return n;
      };
      if (check('all', 3)) io.err('podlab: nslookup -all (show settings) is not part of this lab\n');
      else if (classText !== null) {
        if (!['in', 'ch', 'hs', 'any'].includes(classText.toLowerCase())) io.out(`unknown query class: ${classText}\n`);
      } else if (typeText !== null) {
        const t = typeText.toUpperCase();
        if (KNOWN_TYPES.includes(t)) {
          type = t as RRType;
          defaultLookups = false;
        } else if (OTHER_BIND_TYPES.includes(t)) {
          io.err(`podlab: record type ${t} is not part of this lab\n`);
        } else io.out(`unknown query type: ${typeText}\n`);
      } else if (domainText !== null) {
        domains.push(domainText);
        usesearch = true;
      } else if (portText !== null) {
        const n = uint(portText, 65535, 'port');
        if (n !== null) port = n;
      } else if (timeoutText !== null) uint(timeoutText, 4294967295, 'timeout');
      else if (check('recurse', 3)) recurse = true;
      else if (check('norecurse', 5)) recurse = false;
      else if (retryText !== null) {
        const n = uint(retryText, 2147483647, 'tries');
        if (n !== null) tries = Math.max(1, n);
      } else if (check('defname', 3) || check('search', 3)) usesearch = true;
      else if (check('nodefname', 5) || check('nosearch', 5)) usesearch = false;
      else if (check('vc', 2)) { tcp = true; tcpSet = true; }
      else if (check('novc', 4)) { tcp = false; tcpSet = true; }
      else if (check('debug', 3) || check('d2', 2)) io.err('podlab: nslookup\'s debug output is not reproduced; showing the usual output\n');
      else if (check('nodebug', 5) || check('nod2', 4) || check('sil', 3) || check('fail', 3) || check('nofail', 5)) { /* no effect on what the lab shows */ }
      else if (ndotsText !== null) {
        const n = uint(ndotsText, 128, 'ndots');
        if (n !== null) ndots = n;
      } else io.out(`*** Invalid option: ${opt}\n`);
      continue;
    }
    if (!haveLookup) {
      haveLookup = true;
      host = a;
    } else {
      if (args[i + 1] !== undefined) {
        io.err(BIND_USAGE);
        return 1;
      }
      serverText = a;
    }
  }
  if (host === undefined) {
    io.err(INTERACTIVE);
    return 1;
  }
  const conf = parseResolvConf(resolvConfText(ctx));
  const search = [...domains, ...conf.search];
  const nd = ndots ?? conf.ndots;
  const checkRa = serverText === undefined && v.raComments;
  let server: Server;
  if (serverText !== undefined) {
    const ip = serverAddress(ctx, serverText);
    if (ip === null) {
      const r = resolverFor(ctx, hostsFile(ctx));
      const gai = r ? getaddrinfo(r, serverText) : null;
      io.err(`nslookup: couldn't get address for '${serverText}': ${gai && !gai.ok && gai.error === 'EAI_NONAME' ? 'not found' : 'failure'}\n`);
      return 1;
    }
    server = { label: serverText, ip, port };
  } else {
    const ip = conf.nameservers[0] ?? '127.0.0.1';
    server = { label: ip, ip, port };
  }
  const ep = dnsEndpoint(ctx);
  const sock = `${server.ip}#${server.port}`;

  // The lookups: the reverse name for an address, else the name through the search list.
  const reverse = reverseOf(host);
  const problem = nameProblem(reverse ?? host);
  if (problem) {
    io.err(`nslookup: '${host}' is not in legal name syntax (${problem})\n`);
    return 1;
  }
  const first: { textname: string; type: RRType; candidates: string[] } = reverse
    ? { textname: reverse, type: 'PTR', candidates: [reverse] }
    : { textname: host, type, candidates: candidatesFor(host, usesearch ? search : [], nd) };
  if (first.candidates.some((c) => nameProblem(c) !== null)) {
    io.err(`nslookup: '${first.candidates.find((c) => nameProblem(c) !== null)}' is not in legal name syntax (${nameProblem(first.candidates.find((c) => nameProblem(c) !== null)!)})\n`);
    return 1;
  }
  let out = '';
  let printError = 0;
  let reached = false;
  let aNoAnswer = false;
  const failAll = (kind: 'timeout' | 'refused' | 'unreachable', lookupName: string): void => {
    if (!v.perTryErrors) {
      out += ';; connection timed out; no servers could be reached\n\n';
      return;
    }
    for (let t = 0; t < tries; t++) {
      if (kind === 'unreachable') out += `;; UDP setup with ${sock}(${server.ip}) for ${lookupName} failed: network unreachable.\n;; no servers could be reached\n`;
      else out += `;; communications error to ${sock}: ${kind === 'refused' ? 'connection refused' : 'timed out'}\n`;
    }
    if (kind !== 'unreachable') out += ';; no servers could be reached\n';
  };
  const send = (name: string, t: RRType): Outcome => {
    if (!ep) return { kind: 'unreachable', message: 'Network is unreachable' };
    const forceTcp = tcpSet ? tcp : t === 'ANY' || tcp;
    return query(ep, server, name, t, forceTcp);
  };
  const comment = (r: DnsResponse) => {
    if (!checkRa) return;
    if (r.rcode === 'SERVFAIL') out += `;; Got SERVFAIL reply from ${server.ip}\n`;
    else if (!r.ra && recurse) out += `;; Got recursion not available from ${server.ip}\n`;
  };
  const header = (t: RRType) => {
    if (!defaultLookups || t === 'A') out += `Server:\t\t${server.label}\nAddress:\t${sock}\n\n`;
  };
  /** dighost's printmessage for one lookup's final reply. */
  const printMessage = (textname: string, qname: string, t: RRType, r: DnsResponse): string | null => {
    reached = true;
    header(t);
    if (r.rcode !== 'NOERROR') {
      out += `** server can't find ${qname}: ${r.rcode}\n`;
      printError = 1;
      return null;
    }
    if (!r.aa && (!defaultLookups || t === 'A')) out += 'Non-authoritative answer:\n';
    if (r.answer.length > 0) for (const rr of r.answer) out += bindRecord(rr, 'answer');
    else if (defaultLookups && t === 'A') aNoAnswer = true;
    else if (!defaultLookups || (t === 'AAAA' && aNoAnswer)) out += `*** Can't find ${textname}: No answer\n`;
    if (!r.aa && t !== 'A' && t !== 'AAAA') {
      out += '\nAuthoritative answers can be found from:\n';
      for (const rr of [...r.authority, ...r.additional]) out += bindRecord(rr, 'other');
    }
    // The AAAA lookup goes to the name that answered (after CNAMEs, which the lab has none of).
    return defaultLookups && t === 'A' ? qname : null;
  };

  let followUp: string | null = null;
  for (const qname of first.candidates) {
    const o = send(qname, first.type);
    if (o.kind !== 'answer') {
      failAll(o.kind, first.textname);
      io.out(`${out}\n`);
      return 1;
    }
    comment(o.response);
    const isLast = qname === first.candidates[first.candidates.length - 1];
    if (o.response.rcode === 'NXDOMAIN' && !isLast) continue;
    followUp = printMessage(first.textname, qname, first.type, o.response);
    break;
  }
  if (followUp !== null) {
    const o = send(followUp, 'AAAA');
    if (o.kind !== 'answer') failAll(o.kind, followUp);
    else {
      comment(o.response);
      printMessage(followUp, followUp, 'AAAA', o.response);
    }
  }
  io.out(`${out}\n`);
  return reached ? printError : 1;
}

/** dighost's order: fewer dots than ndots, the search domains and then the name; otherwise the name alone. */
export function candidatesFor(name: string, search: readonly string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name.slice(0, -1) || '.'];
  const dots = name.split('.').length - 1;
  if (dots >= ndots || search.length === 0) return [name];
  return [...search.map((d) => `${name}.${d}`), name];
}

function run(ctx: CommandContext): number {
  return ctx.flavor === 'busybox' ? busybox(ctx) : bind(ctx);
}

export const nslookup: CommandSpec = {
  name: 'nslookup',
  summary: 'query the DNS server of /etc/resolv.conf (busybox or BIND, by image)',
  usage: 'nslookup [-type=TYPE] HOST [SERVER]',
  complete: (before, ctx, word) => {
    if (word.startsWith('-')) return ['-type=a', '-type=aaaa', '-type=ptr', '-type=srv', '-type=soa', '-type=ns', '-type=txt'];
    const e = ctx.cluster;
    if (!e) return [];
    const names = e.services().flatMap((s) => [s.name, `${s.name}.${s.namespace}`, `${s.name}.${s.namespace}.svc.cluster.local`]);
    return before.filter((b) => !b.startsWith('-')).length >= 1 ? ['10.96.0.10', ...clusterAddresses(ctx)] : [...names, ...clusterAddresses(ctx)];
  },
  run,
};
