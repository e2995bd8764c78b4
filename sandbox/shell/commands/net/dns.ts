/**
 * The client side of name service: /etc/resolv.conf per place, the query as a
 * packet, and the stub resolvers of glibc and musl that the network tools use.
 *
 * A query to a nameserver is an engine trace (udp/53, or tcp/53 for dig
 * +tcp) from the place's network namespace. It is answered only when the
 * trace is delivered to the network namespace of a Running, ready CoreDNS pod
 * (kube-proxy's DNAT turns 10.96.0.10 into one of them) or, from a node, to
 * docker's resolver at the network's gateway (kicbase DNATs that address to
 * the embedded server inside the node, so the node answers it itself). A
 * trace delivered anywhere else meets no listener: ICMP port unreachable, a
 * "connection refused" on the client's connected socket. A drop, a lost reply
 * or an ICMP host/net unreachable is a timeout: Linux reports only port
 * unreachable to a UDP socket (checked on a real kernel with busybox
 * nslookup, bind nslookup and dig). A sender without a route fails at once.
 *
 * The stub resolvers differ in how they walk the search list (both read
 * `search` and `ndots` from /etc/resolv.conf, and /etc/hosts first):
 *  - glibc res_search: with fewer than ndots dots, each search domain, then
 *    the name as is; with ndots or more, the name first, then the domains.
 *    NXDOMAIN, NODATA and SERVFAIL move on to the next candidate; a timeout
 *    skips the remaining domains. Ends in HOST_NOT_FOUND (EAI_NONAME), NO_DATA
 *    (EAI_NODATA) if any candidate had the name without an address, or
 *    TRY_AGAIN (EAI_AGAIN).
 *  - musl name_from_dns_search: the search domains only when the name has
 *    fewer than ndots dots, then the name as is; only NXDOMAIN moves on,
 *    SERVFAIL or a timeout stop with EAI_AGAIN, NODATA with EAI_NODATA.
 */
import { parseIp } from '../../../addr/ipv4';
import {
  corednsAnswer, corednsServing, dockerDnsAnswer, nodeResolvConf, podResolvConf, reverseName,
  type DnsQuestion, type DnsResponse, type RRType,
} from '../../../control/coredns';
import type { Engine, Trace } from '../../../engine';
import { fnv1a } from '../../../model/rng';
import { STRERROR } from '../../../net/errno';
import type { CommandContext, CompletionContext, Place } from '../../types';

// ---- /etc/resolv.conf -----------------------------------------------------------------

/** /etc/resolv.conf as the place sees it, or undefined where there is none (the laptop). */
export function resolvConfText(ctx: CompletionContext): string | undefined {
  const e = ctx.cluster;
  const p = ctx.place;
  if (!e) return undefined;
  if (p.kind === 'node') return nodeResolvConf(e.state);
  if (p.kind === 'pod' && p.pod) {
    const pod = e.findPod(`${p.pod.namespace}/${p.pod.name}`);
    // A hostNetwork pod with dnsPolicy ClusterFirst falls back to the node's file (kubelet: "Default"),
    // and CoreDNS's own pods have dnsPolicy Default (kubeadm's manifest): they cannot ask themselves.
    if (pod?.hostNetwork || (pod && pod.namespace === 'kube-system' && pod.labels['k8s-app'] === 'kube-dns')) return nodeResolvConf(e.state);
    return podResolvConf(p.pod.namespace);
  }
  return undefined;
}

export interface ResolvConf {
  nameservers: string[];
  search: string[];
  ndots: number;
}

/** resolv.conf as the libc resolvers read it: the last search/domain line wins, ndots capped at 15. */
export function parseResolvConf(text: string | undefined): ResolvConf {
  const conf: ResolvConf = { nameservers: [], search: [], ndots: 1 };
  for (const line of (text ?? '').split('\n')) {
    const [key, ...rest] = line.replace(/[#;].*/, '').trim().split(/\s+/);
    if (key === 'nameserver' && rest[0]) conf.nameservers.push(rest[0]);
    else if ((key === 'search' || key === 'domain') && rest.length > 0) conf.search = rest;
    else if (key === 'options') {
      for (const o of rest) {
        const m = /^ndots:(\d+)$/.exec(o);
        if (m) conf.ndots = Math.min(15, Number(m[1]));
      }
    }
  }
  return conf;
}

// ---- the query as a packet --------------------------------------------------------------

export type Outcome =
  | { kind: 'answer'; response: DnsResponse; rttUs: number; by: 'coredns' | 'docker' }
  | { kind: 'timeout' }
  | { kind: 'refused' }
  /** The sender's own stack refused (no route): strerror text. */
  | { kind: 'unreachable'; message: string };

/** Where queries leave from: the place's namespace in the live cluster. */
export interface DnsEndpoint {
  engine: Engine;
  /** Engine target of the querying namespace. */
  target: string;
  place: Place;
  seed: number;
  now: number;
  /** Traces already made by this command: nothing changes the network while one command runs. */
  traces: Map<string, Trace>;
}

export function dnsEndpoint(ctx: CommandContext): DnsEndpoint | null {
  const engine = ctx.cluster;
  const target = ctx.place.netns;
  if (!engine || target === undefined || !engine.netns(target)) return null;
  return { engine, target, place: ctx.place, seed: ctx.shell.seed, now: ctx.now, traces: new Map() };
}

/** A number fixed by the seed, the clock and the parts: the lab's stand-in for randomness here. */
export function dnsJitter(ep: DnsEndpoint, ...parts: Array<string | number>): number {
  return fnv1a(`${ep.seed}|${ep.now}|${parts.join('|')}`);
}

/**
 * Sends `q` to `server` (an IPv4 address) from the endpoint and returns what
 * comes back. Times are microseconds: a few tens per namespace crossed, the
 * server's own work, and for a name CoreDNS forwards, the node's resolver
 * failing to reach any upstream.
 */
export function exchange(ep: DnsEndpoint, server: string, q: DnsQuestion, opts: { tcp?: boolean } = {}): Outcome {
  const state = ep.engine.state;
  const gateway = state.network.gateway;
  const salt = dnsJitter(ep, 'dns', server, q.name, q.type);
  if (parseIp(server) === null) return { kind: 'unreachable', message: STRERROR.ENETUNREACH };
  if (ep.place.kind === 'node' && server === gateway) {
    // Docker's DNAT rule (OUTPUT chain) sends it to the resolver inside this node; only the route lookup can fail.
    const r = ep.engine.routeGet(ep.target, server);
    if (!r.ok) return { kind: 'unreachable', message: r.errno === 'ENODEV' ? 'No such device' : STRERROR[r.errno] };
    const response = dockerDnsAnswer(state, q);
    return { kind: 'answer', response, rttUs: 300 + (salt % 700) + forwardCost(response, salt), by: 'docker' };
  }
  const key = `${server}|${opts.tcp ? 'tcp' : 'udp'}`;
  const t = ep.traces.get(key) ?? ep.engine.trace({ from: ep.target, to: server, proto: opts.tcp ? 'tcp' : 'udp', port: 53 });
  ep.traces.set(key, t);
  const v = t.verdict;
  if (v.kind === 'local-error') return { kind: 'unreachable', message: STRERROR[v.errno] };
  if (v.kind === 'icmp-error') return (v.type as string) === 'port-unreachable' ? { kind: 'refused' } : { kind: 'timeout' };
  if (v.kind !== 'delivered') return { kind: 'timeout' };
  if (t.reply && t.reply.verdict.kind !== 'delivered') return { kind: 'timeout' };
  const hops = t.hops.length + (t.reply?.hops.length ?? t.hops.length);
  const wire = 40 * hops + (salt % 60);
  const pod = corednsServing(state, v.netns);
  if (pod?.ip) {
    const response = corednsAnswer(state, q, { podIp: pod.ip, rotate: salt });
    return { kind: 'answer', response, rttUs: wire + 90 + (salt % 150) + forwardCost(response, salt), by: 'coredns' };
  }
  if (state.pods.some((p) => p.netns === v.netns && p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns')) {
    // A CoreDNS pod that is not ready: the brief's rule, and kube-proxy would not send it traffic anyway.
    return { kind: 'timeout' };
  }
  if (server === gateway && (v.netns === 'docker-host' || state.nodes.some((n) => n.name === v.netns))) {
    const response = dockerDnsAnswer(state, q);
    return { kind: 'answer', response, rttUs: wire + 200 + (salt % 400) + forwardCost(response, salt), by: 'docker' };
  }
  return { kind: 'refused' };
}

/** A SERVFAIL from the node's resolver comes after it tried the docker host's (unreachable) upstreams: a few ms. */
function forwardCost(r: DnsResponse, salt: number): number {
  return r.rcode === 'SERVFAIL' ? 2500 + (salt % 6000) : 0;
}

// ---- /etc/hosts -----------------------------------------------------------------------------

interface HostsEntry {
  ip: string;
  names: string[];
}

function hostsEntries(text: string): HostsEntry[] {
  const out: HostsEntry[] = [];
  for (const line of text.split('\n')) {
    const fields = line.replace(/#.*/, '').trim().split(/\s+/).filter(Boolean);
    if (fields.length >= 2) out.push({ ip: fields[0]!, names: fields.slice(1) });
  }
  return out;
}

/** The first /etc/hosts line with this name and an address of the family (nss_files, "multi off"). */
export function hostsByName(text: string, name: string, family: 4 | 6): HostsEntry | undefined {
  const n = name.replace(/\.$/, '').toLowerCase();
  return hostsEntries(text).find((e) => e.names.some((x) => x.toLowerCase() === n) && (family === 4 ? parseIp(e.ip) !== null : e.ip.includes(':')));
}

export function hostsByAddr(text: string, ip: string): HostsEntry | undefined {
  return hostsEntries(text).find((e) => e.ip === ip);
}

/** Every IPv4 line, as gethostent lists them for `getent hosts` (glibc turns ::1 into 127.0.0.1, skips other IPv6). */
export function hostsEnumerate(text: string): HostsEntry[] {
  return hostsEntries(text).flatMap((e) => (parseIp(e.ip) !== null ? [e] : e.ip === '::1' ? [{ ip: '127.0.0.1', names: e.names }] : []));
}

// ---- stub resolvers ---------------------------------------------------------------------------

export type Libc = 'glibc' | 'musl';

/** Which C library the place's programs use: Alpine and busybox images are musl, Ubuntu and Debian glibc. */
export function placeLibc(place: Place): Libc {
  const image = place.image ?? '';
  const bare = image.replace(/^docker\.io\/(library\/)?/, '').replace(/[:@].*$/, '');
  return bare === 'busybox' || bare === 'rancher/hello-world' || bare === 'nicolaka/netshoot' || bare === 'alpine' ? 'musl' : 'glibc';
}

/** One candidate name asked for one type, reduced to what a stub resolver cares about. */
type Step = { kind: 'found'; response: DnsResponse } | { kind: 'nxdomain' } | { kind: 'nodata' } | { kind: 'servfail' } | { kind: 'timeout' };

function step(outcome: Outcome, type: RRType): Step {
  if (outcome.kind !== 'answer') return { kind: 'timeout' };
  const r = outcome.response;
  if (r.rcode === 'NXDOMAIN') return { kind: 'nxdomain' };
  if (r.rcode !== 'NOERROR') return { kind: 'servfail' };
  return r.answer.some((rr) => rr.data.type === type) ? { kind: 'found', response: r } : { kind: 'nodata' };
}

export type HErrno = 'HOST_NOT_FOUND' | 'NO_DATA' | 'TRY_AGAIN';

export type SearchResult = { ok: true; fqdn: string; response: DnsResponse } | { ok: false; herrno: HErrno };

const dotCount = (s: string) => s.split('.').length - 1;

/** glibc's res_search for one type (see the file comment). */
export function glibcSearch(name: string, conf: ResolvConf, ask: (fqdn: string) => Step): SearchResult {
  const trailing = name.endsWith('.');
  const bare = trailing ? name.slice(0, -1) : name;
  const herrno = (s: Step): HErrno => (s.kind === 'nxdomain' ? 'HOST_NOT_FOUND' : s.kind === 'nodata' ? 'NO_DATA' : 'TRY_AGAIN');
  let saved: HErrno | null = null;
  let triedAsIs = false;
  let gotNodata = false;
  let gotServfail = false;
  if (dotCount(bare) >= conf.ndots || trailing) {
    const s = ask(bare);
    if (s.kind === 'found') return { ok: true, fqdn: bare, response: s.response };
    saved = herrno(s);
    triedAsIs = true;
  }
  if (!trailing) {
    for (const d of conf.search) {
      const fqdn = `${bare}.${d}`;
      const s = ask(fqdn);
      if (s.kind === 'found') return { ok: true, fqdn, response: s.response };
      if (s.kind === 'nodata') gotNodata = true;
      else if (s.kind === 'servfail') gotServfail = true;
      else if (s.kind === 'timeout') break;
    }
  }
  let last: HErrno = 'HOST_NOT_FOUND';
  if (!triedAsIs) {
    const s = ask(bare);
    if (s.kind === 'found') return { ok: true, fqdn: bare, response: s.response };
    last = herrno(s);
  }
  return { ok: false, herrno: saved ?? (gotNodata ? 'NO_DATA' : gotServfail ? 'TRY_AGAIN' : last) };
}

export type GaiError = 'EAI_NONAME' | 'EAI_AGAIN' | 'EAI_NODATA' | 'EAI_FAIL';

/** musl's name_from_dns_search (see the file comment). */
function muslSearch(name: string, conf: ResolvConf, ask: (fqdn: string) => Step): { ok: true; fqdn: string; response: DnsResponse } | { ok: false; error: GaiError } {
  const trailing = name.endsWith('.');
  const bare = trailing ? name.slice(0, -1) : name;
  const search = dotCount(bare) >= conf.ndots || trailing ? [] : conf.search;
  for (const fqdn of [...search.map((d) => `${bare}.${d}`), bare]) {
    const s = ask(fqdn);
    if (s.kind === 'found') return { ok: true, fqdn, response: s.response };
    if (s.kind === 'nxdomain') continue;
    return { ok: false, error: s.kind === 'nodata' ? 'EAI_NODATA' : 'EAI_AGAIN' };
  }
  return { ok: false, error: 'EAI_NONAME' };
}

/** gai_strerror() as glibc prints it (iputils ping, GNU traceroute). */
export const GAI_STRERROR: Record<GaiError, string> = {
  EAI_NONAME: 'Name or service not known',
  EAI_AGAIN: 'Temporary failure in name resolution',
  EAI_NODATA: 'No address associated with hostname',
  EAI_FAIL: 'Non-recoverable failure in name resolution',
};

export interface Resolver {
  ep: DnsEndpoint;
  conf: ResolvConf;
  libc: Libc;
  /** /etc/hosts text of the place. */
  hosts: string;
  /** Every query sent, in order, for tools that report them and for tests. */
  sent: Array<{ name: string; type: RRType }>;
}

export function resolverFor(ctx: CommandContext, hosts: string): Resolver | null {
  const ep = dnsEndpoint(ctx);
  if (!ep) return null;
  return { ep, conf: parseResolvConf(resolvConfText(ctx)), libc: placeLibc(ctx.place), hosts, sent: [] };
}

/** Asks the first nameserver of resolv.conf (the lab's files have one). */
export function ask(r: Resolver, name: string, type: RRType): Outcome {
  r.sent.push({ name, type });
  const server = r.conf.nameservers[0];
  if (server === undefined) return { kind: 'refused' };
  return exchange(r.ep, server, { name, type });
}

const validHostname = (name: string) => name !== '' && name.length <= 253 && !name.includes('..') && !name.startsWith('.') && name.split('.').every((l) => l.length <= 63);

export type AddrInfo = { ok: true; addresses: string[]; canonname: string } | { ok: false; error: GaiError };

/**
 * getaddrinfo() for IPv4 (the lab's family): /etc/hosts, then DNS through
 * the libc's search walk, asking A and AAAA for each candidate as both libcs
 * do. The canonical name is the hosts line's first name or the name that
 * answered (iputils ping prints it).
 */
export function getaddrinfo(r: Resolver, name: string): AddrInfo {
  const h = hostsByName(r.hosts, name, 4);
  if (h) return { ok: true, addresses: [h.ip], canonname: h.names[0]! };
  if (!validHostname(name.replace(/\.$/, ''))) return { ok: false, error: 'EAI_NONAME' };
  const askBoth = (fqdn: string): Step => {
    const a = step(ask(r, fqdn, 'A'), 'A');
    const aaaa = ask(r, fqdn, 'AAAA');
    // musl checks the A reply's rcode first; a found A decides for both libcs.
    return a.kind === 'nodata' && aaaa.kind === 'timeout' ? { kind: 'timeout' } : a;
  };
  const done = (fqdn: string, response: DnsResponse): AddrInfo => {
    const addresses = response.answer.flatMap((rr) => (rr.data.type === 'A' ? [rr.data.address] : []));
    const owner = response.answer.find((rr) => rr.data.type === 'A')?.name ?? fqdn;
    return { ok: true, addresses, canonname: owner };
  };
  if (r.libc === 'musl') {
    const m = muslSearch(name, r.conf, askBoth);
    return m.ok ? done(m.fqdn, m.response) : { ok: false, error: m.error };
  }
  const g = glibcSearch(name, r.conf, askBoth);
  if (g.ok) return done(g.fqdn, g.response);
  return { ok: false, error: g.herrno === 'HOST_NOT_FOUND' ? 'EAI_NONAME' : g.herrno === 'NO_DATA' ? 'EAI_NODATA' : 'EAI_AGAIN' };
}

/** gethostbyname2() with glibc: hosts line, else DNS for the family's type through res_search. */
export function gethostbyname2(r: Resolver, name: string, family: 4 | 6): { name: string; aliases: string[]; addresses: string[] } | null {
  const h = hostsByName(r.hosts, name, family);
  if (h) return { name: h.names[0]!, aliases: h.names.slice(1), addresses: [h.ip] };
  if (!validHostname(name.replace(/\.$/, ''))) return null;
  const type: RRType = family === 4 ? 'A' : 'AAAA';
  const g = glibcSearch(name, r.conf, (fqdn) => step(ask(r, fqdn, type), type));
  if (!g.ok) return null;
  const addresses = g.response.answer.flatMap((rr) => (rr.data.type === type ? [rr.data.address] : []));
  const owner = g.response.answer.find((rr) => rr.data.type === type)?.name ?? g.fqdn;
  return { name: owner, aliases: [], addresses };
}

/** gethostbyaddr() / getnameinfo(NI_NAMEREQD): hosts line, else the first PTR answer; null when none. */
export function gethostbyaddr(r: Resolver, ip: string): string | null {
  const h = hostsByAddr(r.hosts, ip);
  if (h) return h.names[0]!;
  if (parseIp(ip) === null) return null;
  const o = ask(r, reverseName(ip), 'PTR');
  if (o.kind !== 'answer' || o.response.rcode !== 'NOERROR') return null;
  const ptr = o.response.answer.find((rr) => rr.data.type === 'PTR');
  return ptr && ptr.data.type === 'PTR' ? ptr.data.target : null;
}
