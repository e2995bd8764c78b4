/**
 * Name service in the cluster, as pure functions over ClusterState: what
 * CoreDNS v1.9.3 answers with the Corefile minikube v1.27 installs, and what
 * the node's own resolver (docker's embedded DNS) answers.
 *
 * minikube's Corefile (kubeadm's default plus minikube's hosts block):
 *
 *     .:53 {
 *         errors
 *         health { lameduck 5s }
 *         ready
 *         kubernetes cluster.local in-addr.arpa ip6.arpa {
 *            pods insecure
 *            fallthrough in-addr.arpa ip6.arpa
 *            ttl 30
 *         }
 *         prometheus :9153
 *         hosts { 192.168.49.1 host.minikube.internal   fallthrough }
 *         forward . /etc/resolv.conf { max_concurrent 1000 }
 *         cache 30
 *         loop
 *         reload
 *         loadbalance
 *     }
 *
 * Plugins run in plugin.cfg order, not Corefile order: hosts, then
 * kubernetes, then forward. The kubernetes plugin (plugin/kubernetes in
 * v1.9.3: parse.go, kubernetes.go, reverse.go, handler.go) answers:
 *  - `svc.ns.svc.cluster.local`: the ClusterIP; for a headless service
 *    (clusterIP None) one A per ready endpoint address;
 *  - `endpoint.svc.ns.svc.cluster.local`, endpoint being the address with
 *    dashes (10-244-1-2): that endpoint;
 *  - `10-244-1-2.ns.pod.cluster.local` ("pods insecure"): the address in the
 *    name, for any namespace that exists, whether or not such a pod exists;
 *  - PTR for a ClusterIP (`svc.ns.svc.cluster.local.`) and for every ready
 *    endpoint address (`10-244-1-2.svc.ns.svc.cluster.local.`, one per service
 *    that selects it); a pod no service selects has no PTR here;
 *  - NXDOMAIN for any other name in cluster.local (with the zone's SOA in the
 *    authority section), NODATA for names that exist without that type.
 * Reverse names it does not know fall through to hosts and forward.
 *
 * forward sends everything else to the node's resolver: the docker network's
 * gateway, which kicbase's entrypoint redirects to docker's embedded DNS in
 * the node (enable_network_magic). That server knows the containers on the
 * minikube network (the nodes: A, TTL 600, and PTR `node.network.`) and
 * forwards the rest to the docker host's resolvers. The lab has no internet,
 * as if the laptop were offline: docker's resolver then finds no upstream and
 * answers SERVFAIL (libnetwork resolver.go: "We were unable to get an answer
 * from any of the upstream DNS servers" -> RcodeServerFailure), and CoreDNS
 * relays that SERVFAIL to the pod. So names outside the cluster fail fast
 * with SERVFAIL rather than timing out.
 *
 * Not modelled: the cache plugin (a repeated query within 30 s would show a
 * lower TTL), SRV and TXT for names outside cluster.local, ExternalName
 * services (the lab cannot create them), DNSSEC.
 */
import { parseIp } from '../addr/ipv4';
import type { ClusterState, EndpointAddress, PodObj, ServiceObj } from '../model/cluster';

export const CLUSTER_DOMAIN = 'cluster.local';
/** The kube-dns service's ClusterIP: what kubelet writes into pods' /etc/resolv.conf. */
export const KUBE_DNS_IP = '10.96.0.10';
/** `ttl 30` in the kubernetes block. */
export const KUBERNETES_TTL = 30;
/** The hosts plugin's default TTL. */
const HOSTS_TTL = 3600;
/** libnetwork's respTTL for container names. */
const DOCKER_TTL = 600;
/** virtual time 0 (2022-10-24T09:00:00Z) in Unix seconds, for SOA serials (see format/kube-time.ts). */
const LAB_EPOCH_SECONDS = 1_666_602_000;

export type RRType = 'A' | 'NS' | 'CNAME' | 'SOA' | 'PTR' | 'MX' | 'TXT' | 'AAAA' | 'SRV' | 'ANY';

/** Type codes, as dig and nslookup name them. */
export const RR_TYPES: Readonly<Record<RRType, number>> = { A: 1, NS: 2, CNAME: 5, SOA: 6, PTR: 12, MX: 15, TXT: 16, AAAA: 28, SRV: 33, ANY: 255 };

export type RData =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'PTR' | 'NS' | 'CNAME'; target: string }
  | { type: 'SOA'; mname: string; rname: string; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: string }
  | { type: 'TXT'; text: string };

/** A resource record. Names are absolute, written without the final dot. */
export interface ResourceRecord {
  name: string;
  ttl: number;
  data: RData;
}

export type Rcode = 'NOERROR' | 'SERVFAIL' | 'NXDOMAIN' | 'REFUSED';

export interface DnsResponse {
  rcode: Rcode;
  /** Authoritative answer (aa). */
  aa: boolean;
  /** Recursion available (ra). */
  ra: boolean;
  answer: ResourceRecord[];
  authority: ResourceRecord[];
  additional: ResourceRecord[];
}

export interface DnsQuestion {
  /** As the client wrote it (answers keep its case), with or without the final dot. */
  name: string;
  type: RRType;
}

/** Who is answering: CoreDNS in a pod (its address matters for NS records) or docker's resolver. */
export interface CorednsServer {
  /** The answering CoreDNS pod's address. */
  podIp: string;
  /** The loadbalance plugin rotates A records: how far, for this query. */
  rotate?: number;
}

const lower = (s: string) => s.toLowerCase();
const trimDot = (s: string) => (s.endsWith('.') ? s.slice(0, -1) : s);

function reply(rcode: Rcode, aa: boolean, ra: boolean, answer: ResourceRecord[] = [], authority: ResourceRecord[] = [], additional: ResourceRecord[] = []): DnsResponse {
  return { rcode, aa, ra, answer, authority, additional };
}

// ---- who serves DNS --------------------------------------------------------

const isReady = (p: PodObj) => p.phase === 'Running' && p.containers.length > 0 && p.containers.every((c) => c.ready);

/** A CoreDNS pod (label k8s-app=kube-dns in kube-system). */
export function isCorednsPod(p: PodObj): boolean {
  return p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns' && !p.hostNetwork;
}

/** The CoreDNS pod whose network namespace is `netns`, if it is Running and ready (only then does it answer). */
export function corednsServing(state: ClusterState, netns: string): PodObj | undefined {
  const p = state.pods.find((x) => x.netns === netns && isCorednsPod(x));
  return p && isReady(p) && p.ip ? p : undefined;
}

// ---- resolv.conf -------------------------------------------------------------

/**
 * /etc/resolv.conf of a pod with dnsPolicy ClusterFirst. kubelet computes the
 * nameserver, the search list (the pod's namespace first, then the node's own
 * search domains: none on a minikube node) and ndots:5; with the docker
 * runtime cri-dockerd writes them in this order (rewriteResolvFile: nameserver
 * lines, then search, then options), as `kubectl exec ... cat
 * /etc/resolv.conf` shows on minikube (kubernetes/minikube#8949).
 */
export function podResolvConf(namespace: string): string {
  return `nameserver ${KUBE_DNS_IP}\nsearch ${namespace}.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\noptions ndots:5\n`;
}

/**
 * /etc/resolv.conf of a minikube node (docker driver). Docker writes
 * `nameserver 127.0.0.11` + `options ndots:0` for a container on a
 * user-defined network; kicbase's entrypoint (enable_network_magic) replaces
 * 127.0.0.11 with the network's gateway and DNATs that address back to the
 * embedded server, so pods (CoreDNS's forward) can reach it too. The
 * docker host has no search domains in the lab.
 */
export function nodeResolvConf(state: ClusterState): string {
  return `nameserver ${state.network.gateway}\noptions ndots:0\n`;
}

// ---- names -------------------------------------------------------------------

/** The address a reverse name stands for (`2.1.244.10.in-addr.arpa` -> 10.244.1.2), or null. */
export function addressFromReverse(name: string): string | null {
  const n = lower(trimDot(name));
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\.in-addr\.arpa$/.exec(n);
  if (!m) return null;
  const ip = `${m[4]}.${m[3]}.${m[2]}.${m[1]}`;
  return parseIp(ip) === null ? null : ip;
}

/** `10.244.1.2` -> `2.1.244.10.in-addr.arpa`. */
export function reverseName(ip: string): string {
  return `${ip.split('.').reverse().join('.')}.in-addr.arpa`;
}

/** Is `name` at or under `zone`? (both lower case, without final dots) */
function inZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}

/** Go's net.ParseIP for the forms an endpoint or pod label can carry: a dotted quad, or IPv6. */
function parseGoIp(text: string): { v: 4 | 6; text: string } | null {
  if (parseIp(text) !== null) return { v: 4, text };
  const v6 = formatIpv6(text);
  return v6 === null ? null : { v: 6, text: v6 };
}

/** An IPv6 address in RFC 5952 form (as Go and inet_ntop print it), or null when `text` is not one. */
export function formatIpv6(text: string): string | null {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || !text.includes(':')) return null;
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i]!;
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseIp(g);
        if (v4 === null) return null;
        groups.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        groups.push(parseInt(g, 16));
      }
    }
    return groups;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !tail) return null;
  let groups: number[];
  if (halves.length === 2) {
    const fill = 8 - head.length - tail.length;
    if (fill < 1) return null;
    groups = [...head, ...new Array<number>(fill).fill(0), ...tail];
  } else {
    if (head.length !== 8) return null;
    groups = head;
  }
  // The longest run of two or more zero groups becomes "::" (the first one on a tie).
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

// ---- the kubernetes plugin -----------------------------------------------------

/** What kubernetes.go calls msg.Service: an address (or name) and, for SRV, a port and the record's own name. */
interface Found {
  host: string;
  port: number;
  /** The owner name SRV targets and additional A records use. */
  domain: string;
}

type Lookup = { found: Found[] } | { error: 'nxdomain' };

interface RecordRequest {
  port: string;
  protocol: string;
  endpoint: string;
  service: string;
  namespace: string;
  podOrSvc: string;
}

/** parse.go parseRequest; null for "too long" or a label other than svc/pod (errInvalidRequest: NXDOMAIN). */
function parseRequest(base: string): RecordRequest | null {
  const r: RecordRequest = { port: '', protocol: '', endpoint: '', service: '', namespace: '', podOrSvc: '' };
  if (base === '' || base === 'svc' || base === 'pod') return r;
  const segs = base.split('.');
  let last = segs.length - 1;
  r.podOrSvc = segs[last]!;
  if (r.podOrSvc !== 'pod' && r.podOrSvc !== 'svc') return null;
  if (--last < 0) return r;
  r.namespace = segs[last]!;
  if (--last < 0) return r;
  r.service = segs[last]!;
  if (--last < 0) return r;
  const strip = (s: string) => (s.startsWith('_') ? s.slice(1) : s);
  if (last === 0) r.endpoint = segs[0]!;
  else if (last === 1) {
    r.protocol = strip(segs[1]!);
    r.port = strip(segs[0]!);
  } else return null;
  return r;
}

const namespaceExists = (state: ClusterState, ns: string) => state.namespaces.some((n) => n.name === ns);

/** endpointHostname: the address with its dots (or colons) as dashes; the lab's endpoints carry no hostname. */
function endpointHostname(a: EndpointAddress): string {
  return a.ip.includes('.') ? a.ip.replace(/\./g, '-') : a.ip.replace(/:/g, '-');
}

const isHeadless = (s: ServiceObj) => s.clusterIP === 'None' || s.clusterIP === '';

function matchPortAndProtocol(aPort: string, bPort: string, aProto: string, bProto: string): boolean {
  return (aPort === '' || lower(aPort) === lower(bPort)) && (aProto === '' || lower(aProto) === lower(bProto));
}

/** kubernetes.go Records (findPods / findServices) for a name in the cluster zone, `base` being the part before it. */
function k8sRecords(state: ClusterState, base: string, zone: string): Lookup {
  const r = parseRequest(base);
  if (!r) return { error: 'nxdomain' };
  if (r.podOrSvc === '') return { found: [] };
  if (!namespaceExists(state, r.namespace)) return { error: 'nxdomain' };
  if (r.podOrSvc === 'pod') {
    if (r.service === '') return { found: [] };
    const name = r.service;
    const ipText = (name.split('-').length - 1 === 3 && !name.includes('--')) ? name.replace(/-/g, '.') : name.replace(/-/g, ':');
    const ip = parseGoIp(ipText);
    if (!ip) return { error: 'nxdomain' };
    return { found: [{ host: ip.text, port: 0, domain: `${name}.${r.namespace}.pod.${zone}` }] };
  }
  if (r.service === '') return { found: [] };
  const found: Found[] = [];
  let matched = false;
  for (const svc of state.services) {
    if (svc.namespace !== r.namespace || lower(svc.name) !== lower(r.service)) continue;
    const svcDomain = `${svc.name}.${svc.namespace}.svc.${zone}`;
    if (isHeadless(svc) || r.endpoint !== '') {
      const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
      for (const addr of ep?.addresses ?? []) {
        const host = endpointHostname(addr);
        if (r.endpoint !== '' && lower(r.endpoint) !== lower(host)) continue;
        for (const p of ep?.ports ?? []) {
          if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol)) continue;
          matched = true;
          found.push({ host: addr.ip, port: p.port, domain: `${host}.${svcDomain}` });
        }
      }
      continue;
    }
    for (const p of svc.ports) {
      if (!matchPortAndProtocol(r.port, p.name ?? '', r.protocol, p.protocol)) continue;
      matched = true;
      found.push({ host: svc.clusterIP, port: p.port, domain: svcDomain });
    }
  }
  return matched ? { found } : { error: 'nxdomain' };
}

/** kubernetes.go Serial: when the API objects CoreDNS watches last changed (Unix seconds). */
function soaSerial(state: ClusterState, server: CorednsServer): number {
  let last = 0;
  for (const s of state.services) last = Math.max(last, s.createdAt);
  const endpointIps = new Set(state.endpoints.flatMap((e) => [...e.addresses, ...(e.notReadyAddresses ?? [])].map((a) => a.ip)));
  for (const p of state.pods) {
    if ((p.ip && endpointIps.has(p.ip)) || p.ip === server.podIp) last = Math.max(last, p.readyAt ?? p.createdAt);
  }
  return LAB_EPOCH_SECONDS + Math.floor(Math.min(last, state.clock.now) / 1000);
}

function soa(state: ClusterState, zone: string, server: CorednsServer): ResourceRecord {
  return {
    name: zone, ttl: KUBERNETES_TTL,
    data: { type: 'SOA', mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: soaSerial(state, server), refresh: 7200, retry: 1800, expire: 86400, minimum: KUBERNETES_TTL },
  };
}

/** nsAddrs: the services whose endpoints include the answering pod (kube-dns), else the pod itself as ns.dns. */
function nameservers(state: ClusterState, zone: string, server: CorednsServer): Array<{ name: string; ip: string }> {
  const out: Array<{ name: string; ip: string }> = [];
  for (const ep of state.endpoints) {
    if (!ep.addresses.some((a) => a.ip === server.podIp)) continue;
    const svc = state.services.find((s) => s.namespace === ep.namespace && s.name === ep.name);
    if (svc && !isHeadless(svc)) out.push({ name: `${svc.name}.${svc.namespace}.svc.${zone}`, ip: svc.clusterIP });
  }
  return out.length > 0 ? out : [{ name: `ns.dns.${zone}`, ip: server.podIp }];
}

/** The reverse lookup for a cluster address: ClusterIP first, else every ready endpoint with it. */
function k8sReverse(state: ClusterState, ip: string): string[] {
  const svc = state.services.find((s) => s.clusterIP === ip);
  if (svc) return [`${svc.name}.${svc.namespace}.svc.${CLUSTER_DOMAIN}`];
  const names: string[] = [];
  for (const ep of state.endpoints) {
    for (const a of ep.addresses) if (a.ip === ip) names.push(`${endpointHostname(a)}.${ep.name}.${ep.namespace}.svc.${CLUSTER_DOMAIN}`);
  }
  return [...new Set(names)];
}

const ZONES = [CLUSTER_DOMAIN, 'in-addr.arpa', 'ip6.arpa'];

/** The kubernetes plugin's answer, or 'fallthrough' (reverse zones) / 'next' (not its zone). */
function kubernetesPlugin(state: ClusterState, q: DnsQuestion, server: CorednsServer): DnsResponse | 'next' {
  const qname = trimDot(q.name);
  const name = lower(qname);
  const zone = ZONES.find((z) => inZone(name, z));
  if (!zone) return 'next';
  const zoneText = qname.slice(qname.length - zone.length);
  const base = name === zone ? '' : name.slice(0, name.length - zone.length - 1);
  const reverseZone = zone !== CLUSTER_DOMAIN;
  const nameError = (): DnsResponse | 'next' => (reverseZone ? 'next' : reply('NXDOMAIN', true, false, [], [soa(state, zoneText, server)]));
  const nodata = () => reply('NOERROR', true, false, [], [soa(state, zoneText, server)]);
  const answer = (records: ResourceRecord[], extra: ResourceRecord[] = []) => (records.length === 0 ? nodata() : reply('NOERROR', true, false, records, [], extra));

  /** Services() for an address query: the zone's own nameservers for ns.dns.<zone>, else Records(). */
  const services = (): Lookup => {
    if (reverseZone) return { error: 'nxdomain' }; // Records: IsReverse -> errNoItems
    if (name === `ns.dns.${zone}`) return { found: nameservers(state, zone, server).map((n) => ({ host: n.ip, port: 0, domain: n.name })) };
    if (name === zone) {
      // checkForApex: apex.dns.<zone> is an invalid request, then the zone itself (no records).
      return { found: [] };
    }
    return k8sRecords(state, base, zone);
  };
  const addresses = (v: 4 | 6): DnsResponse | 'next' => {
    const s = services();
    if ('error' in s) return nameError();
    const seen = new Set<string>();
    const records: ResourceRecord[] = [];
    for (const f of s.found) {
      const ip = parseGoIp(f.host);
      if (!ip || ip.v !== v || seen.has(ip.text)) continue;
      seen.add(ip.text);
      records.push({ name: qname, ttl: KUBERNETES_TTL, data: { type: v === 4 ? 'A' : 'AAAA', address: ip.text } });
    }
    if (v === 4 && records.length > 1 && server.rotate) {
      const k = server.rotate % records.length;
      records.push(...records.splice(0, k));
    }
    return answer(records);
  };

  switch (q.type) {
    case 'A': return addresses(4);
    case 'AAAA': return addresses(6);
    case 'PTR': {
      const ip = addressFromReverse(name);
      if (ip === null) {
        const s = services();
        return 'error' in s ? nameError() : nodata();
      }
      const names = k8sReverse(state, ip);
      if (names.length === 0) return nameError();
      return answer(names.map((n) => ({ name: qname, ttl: KUBERNETES_TTL, data: { type: 'PTR', target: n } })));
    }
    case 'SRV': {
      const s = services();
      if ('error' in s) return nameError();
      const weight = Math.max(1, Math.floor((100 / (100 * Math.max(1, s.found.length))) * 100));
      const records: ResourceRecord[] = [];
      const extra: ResourceRecord[] = [];
      const seenSrv = new Set<string>();
      const seenAddr = new Set<string>();
      for (const f of s.found) {
        const ip = parseGoIp(f.host);
        if (!ip) continue;
        if (!seenSrv.has(`${f.domain}|${f.port}`)) {
          seenSrv.add(`${f.domain}|${f.port}`);
          records.push({ name: qname, ttl: KUBERNETES_TTL, data: { type: 'SRV', priority: 0, weight, port: f.port, target: f.domain } });
        }
        if (!seenAddr.has(`${f.domain}|${ip.text}`)) {
          seenAddr.add(`${f.domain}|${ip.text}`);
          extra.push({ name: f.domain, ttl: KUBERNETES_TTL, data: { type: ip.v === 4 ? 'A' : 'AAAA', address: ip.text } });
        }
      }
      return answer(records, extra);
    }
    case 'TXT': {
      // Only dns-version.<zone> has a TXT record; every other name gets NODATA, even one that does not exist.
      if (!reverseZone && base === 'dns-version') return answer([{ name: qname, ttl: 28800, data: { type: 'TXT', text: '1.1.0' } }]);
      return nodata();
    }
    case 'SOA':
      return name === zone ? answer([soa(state, zoneText, server)]) : nodata();
    case 'NS': {
      if (name === zone) {
        const ns = nameservers(state, zone, server);
        return answer(ns.map((n) => ({ name: qname, ttl: KUBERNETES_TTL, data: { type: 'NS', target: n.name } })),
          ns.map((n) => ({ name: n.name, ttl: KUBERNETES_TTL, data: { type: 'A', address: n.ip } })));
      }
      break;
    }
    case 'CNAME':
    case 'MX': {
      // Only names (not addresses) would give records; the lab has none.
      const s = services();
      return 'error' in s ? nameError() : nodata();
    }
    default:
      break;
  }
  // Anything else: a fake A lookup tells NODATA from NXDOMAIN.
  const s = services();
  return 'error' in s ? nameError() : nodata();
}

// ---- docker's embedded DNS ----------------------------------------------------------

/** Containers on the minikube network that docker's resolver knows: the running nodes. */
function dockerContainers(state: ClusterState): Array<{ name: string; ip: string }> {
  return state.nodes.filter((n) => n.container === 'running').map((n) => ({ name: n.name, ip: n.internalIP }));
}

/**
 * What the node's resolver (docker's embedded DNS, reached at the network's
 * gateway address) answers: container names on the network (A, TTL 600;
 * AAAA NODATA), their PTR as `container.network`, and SERVFAIL for the rest
 * (no upstream reachable). Its replies carry ra, never aa, and no OPT record.
 */
export function dockerDnsAnswer(state: ClusterState, q: DnsQuestion): DnsResponse {
  const name = lower(trimDot(q.name));
  const containers = dockerContainers(state);
  const c = containers.find((x) => lower(x.name) === name);
  if (c && (q.type === 'A' || q.type === 'AAAA')) {
    return reply('NOERROR', false, true, q.type === 'A' ? [{ name: trimDot(q.name), ttl: DOCKER_TTL, data: { type: 'A', address: c.ip } }] : []);
  }
  if (q.type === 'PTR') {
    const ip = addressFromReverse(name);
    const owner = containers.find((x) => x.ip === ip);
    if (owner) return reply('NOERROR', false, true, [{ name: trimDot(q.name), ttl: DOCKER_TTL, data: { type: 'PTR', target: `${owner.name}.${state.network.name}` } }]);
  }
  return reply('SERVFAIL', false, false);
}

// ---- CoreDNS as a whole -------------------------------------------------------------

/** The hosts block: host.minikube.internal -> the docker network's gateway. */
function hostsPlugin(state: ClusterState, q: DnsQuestion): DnsResponse | 'next' {
  const qname = trimDot(q.name);
  const name = lower(qname);
  const gw = state.network.gateway;
  if (name === 'host.minikube.internal') {
    // A name the hosts file has answers every type, with records only for A.
    return reply('NOERROR', true, false, q.type === 'A' ? [{ name: qname, ttl: HOSTS_TTL, data: { type: 'A', address: gw } }] : []);
  }
  if (q.type === 'PTR' && addressFromReverse(name) === gw) {
    return reply('NOERROR', true, false, [{ name: qname, ttl: HOSTS_TTL, data: { type: 'PTR', target: 'host.minikube.internal' } }]);
  }
  return 'next';
}

/** What a ready CoreDNS pod answers for `q`: hosts, then kubernetes, then forward to the node's resolver. */
export function corednsAnswer(state: ClusterState, q: DnsQuestion, server: CorednsServer): DnsResponse {
  const hosts = hostsPlugin(state, q);
  if (hosts !== 'next') return hosts;
  const k8s = kubernetesPlugin(state, q, server);
  if (k8s !== 'next') return k8s;
  return dockerDnsAnswer(state, q);
}

// ---- the wire -----------------------------------------------------------------

/** Length of a name on the wire, uncompressed. */
function nameLength(name: string): number {
  const n = trimDot(name);
  if (n === '') return 1;
  return n.split('.').reduce((sum, label) => sum + 1 + label.length, 0) + 1;
}

function rdataLength(d: RData): number {
  switch (d.type) {
    case 'A': return 4;
    case 'AAAA': return 16;
    case 'PTR': case 'NS': case 'CNAME': return nameLength(d.target);
    case 'SOA': return nameLength(d.mname) + nameLength(d.rname) + 20;
    case 'SRV': return 6 + nameLength(d.target);
    case 'TXT': return 1 + d.text.length;
  }
}

/**
 * Bytes of a response as CoreDNS sends it: uncompressed (miekg/dns Truncate
 * turns compression off when the message fits, as these always do), plus an
 * 11-byte OPT record when the query carried EDNS (CoreDNS copies the client's
 * OPT and drops options it does not know, such as dig's cookie). The query
 * log line `"A IN kubernetes.default.svc.cluster.local. udp 54 false 512"
 * NOERROR qr,aa,rd 106` (kubernetes/kubernetes#72826) is this arithmetic.
 */
export function responseSize(q: DnsQuestion, r: DnsResponse, edns: boolean): number {
  let size = 12 + nameLength(q.name) + 4;
  for (const rr of [...r.answer, ...r.authority, ...r.additional]) size += nameLength(rr.name) + 10 + rdataLength(rr.data);
  return size + (edns ? 11 : 0);
}
