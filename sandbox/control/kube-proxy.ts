/**
 * kube-proxy in iptables mode, as v1.25's proxier (pkg/proxy/iptables/proxier.go)
 * writes a node's rules, and the share of them kubelet writes first
 * (pkg/kubelet/kubelet_network_linux.go with IPTablesOwnershipCleanup off, its
 * v1.25 default). The rules are derived state: every node's tables are
 * rewritten from the services and endpoints whenever those change, except on a
 * node whose kube-proxy is stopped, which keeps its last rules.
 *
 * What minikube's kube-proxy runs with (its kubeadm template): clusterCIDR
 * 10.244.0.0/16, so traffic to a ClusterIP from outside the pod network is
 * marked for masquerade (`! -s 10.244.0.0/16`); masquerade bit 14 (0x4000);
 * no nodePortAddresses (NodePorts on every local address); iptables 1.8.4,
 * which supports --random-fully. Services keep kube-proxy's "Cluster" traffic
 * policies (the lab has no Local policy, session affinity, external IPs or
 * load-balancer ingress). Headless and ExternalName services get no rules.
 *
 * Chains are named as the proxier names them: "KUBE-SVC-" (and KUBE-EXT-) +
 * the first 16 characters of base32(sha256(servicePortName + protocol)),
 * "KUBE-SEP-" + the same over servicePortName + protocol + "IP:port".
 * Endpoints are listed in the proxier's order (sorted as "IP:port" strings);
 * services in the order they were created (the proxier walks a Go map, so a
 * real node's order is arbitrary and changes between syncs).
 *
 * Rules are stored in iptables-save's canonical argument order, with the
 * statistic probability as iptables stores and prints it (lround(p * 2^31) / 2^31,
 * eleven decimals): the proxier writes 0.3333333333, iptables-save prints
 * 0.33333333349.
 */
import { sha256 } from '@noble/hashes/sha2';
import type { ClusterState, IptablesRule, IptablesTable, KubeProxyState, NodeIptables, ServiceObj, ServicePort } from '../model/cluster';
import { POD_SUBNET } from './constants';
import type { OpResult } from './workloads';

/** --cluster-cidr of minikube's KubeProxyConfiguration: the pod subnet. */
export const CLUSTER_CIDR = POD_SUBNET;
/** 1 << masqueradeBit (14), as the proxier and kubelet spell it (%#08x). */
export const MASQ_MARK = '0x4000';
/** 1 << iptablesDropBit (15): kubelet's KUBE-MARK-DROP. */
export const DROP_MARK = '0x8000';

// ---- names -------------------------------------------------------------------

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 with padding, as Go's base32.StdEncoding.EncodeToString. */
export function base32(bytes: Uint8Array): string {
  let out = '';
  let acc = 0;
  let bits = 0;
  for (const b of bytes) {
    acc = ((acc << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(acc >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(acc << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Chain names repeat on every sync: each is hashed once (the memo is bounded; names are tiny). */
const hashMemo = new Map<string, string>();

function hash16(text: string): string {
  let h = hashMemo.get(text);
  if (h === undefined) {
    if (hashMemo.size >= 4096) hashMemo.clear();
    h = base32(sha256(text)).slice(0, 16);
    hashMemo.set(text, h);
  }
  return h;
}

/** proxier.go portProtoHash. */
export function portProtoHash(servicePortName: string, protocol: string): string {
  return hash16(servicePortName + protocol);
}

/** "namespace/name" and ":port-name" when the port has a name (proxy.ServicePortName.String). */
export function servicePortName(svc: Pick<ServiceObj, 'namespace' | 'name'>, port: Pick<ServicePort, 'name'>): string {
  return `${svc.namespace}/${svc.name}${port.name ? `:${port.name}` : ''}`;
}

export const svcChainName = (spn: string, protocol: string) => `KUBE-SVC-${portProtoHash(spn, protocol)}`;
export const extChainName = (spn: string, protocol: string) => `KUBE-EXT-${portProtoHash(spn, protocol)}`;
/** servicePortEndpointChainName: the endpoint is "IP:port". */
export const sepChainName = (spn: string, protocol: string, endpoint: string) => `KUBE-SEP-${hash16(spn + protocol + endpoint)}`;

const SERVICE_CHAIN_PREFIXES = ['KUBE-SVC-', 'KUBE-SVL-', 'KUBE-SEP-', 'KUBE-FW-', 'KUBE-EXT-'];
/** isServiceChainName: the per-service chains a sync deletes once unused. */
export const isServiceChain = (name: string) => SERVICE_CHAIN_PREFIXES.some((p) => name.startsWith(p));

// ---- probabilities -----------------------------------------------------------

/** computeProbability: Go's fmt.Sprintf("%0.10f", 1.0/float64(n)). */
export function proxierProbability(n: number): string {
  return (1 / n).toFixed(10);
}

/** What iptables keeps of a probability (libxt_statistic: lround(p * 2^31)) and prints back (%.11f). */
export function iptablesProbability(p: string | number): string {
  const stored = Math.round(0x80000000 * Number(p));
  return (stored / 0x80000000).toFixed(11);
}

const probabilityCache: string[] = [];
function savedProbability(n: number): string {
  return (probabilityCache[n] ??= iptablesProbability(proxierProbability(n)));
}

// ---- what kube-proxy writes ------------------------------------------------------

export interface ProxierTables {
  nat: { chains: string[]; rules: IptablesRule[] };
  filter: { chains: string[]; rules: IptablesRule[] };
}

interface PortEndpoints {
  svc: ServiceObj;
  port: ServicePort;
  spn: string;
  protocol: string;
  /** "IP:port", sorted as strings. */
  endpoints: string[];
}

const hasClusterIP = (s: ServiceObj) => /^\d+\.\d+\.\d+\.\d+$/.test(s.clusterIP);

/** Each port of each proxied service with its ready endpoints (the proxier's svcPortMap and endpointsMap). */
function servicePorts(state: ClusterState): PortEndpoints[] {
  const out: PortEndpoints[] = [];
  for (const svc of state.services) {
    if (!hasClusterIP(svc)) continue; // headless and ExternalName services are not proxied
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    for (const port of svc.ports) {
      const epPort = ep?.ports.find((p) => (p.name ?? '') === (port.name ?? '') && p.protocol === port.protocol);
      const endpoints = epPort && ep ? [...new Set(ep.addresses.map((a) => `${a.ip}:${epPort.port}`))].sort() : [];
      out.push({ svc, port, spn: servicePortName(svc, port), protocol: port.protocol.toLowerCase(), endpoints });
    }
  }
  return out;
}

const comment = (text: string) => ['-m', 'comment', '--comment', text];

/** syncProxyRules' restore input, chain by chain, for the given services and endpoints. */
export function proxierRules(state: ClusterState): ProxierTables {
  const natChains = ['KUBE-SERVICES', 'KUBE-NODEPORTS', 'KUBE-POSTROUTING', 'KUBE-MARK-MASQ'];
  const filterChains = ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES', 'KUBE-FORWARD', 'KUBE-NODEPORTS', 'KUBE-PROXY-FIREWALL'];
  const services: IptablesRule[] = [];
  const nodePorts: IptablesRule[] = [];
  const perService: IptablesRule[] = [];
  const filterServices: IptablesRule[] = [];
  const filterExternal: IptablesRule[] = [];
  for (const { svc, port, spn, protocol, endpoints } of servicePorts(state)) {
    const cip = `${svc.clusterIP}/32`;
    const dport = String(port.port);
    const svcChain = svcChainName(spn, protocol);
    const extChain = extChainName(spn, protocol);
    const has = endpoints.length > 0;
    const clusterIpMatch = ['-d', cip, '-p', protocol, ...comment(`${spn} cluster IP`), '-m', protocol, '--dport', dport];
    if (has) services.push({ chain: 'KUBE-SERVICES', spec: [...clusterIpMatch, '-j', svcChain] });
    else {
      filterServices.push({
        chain: 'KUBE-SERVICES',
        spec: ['-d', cip, '-p', protocol, ...comment(`${spn} has no endpoints`), '-m', protocol, '--dport', dport, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'],
      });
    }
    if (port.nodePort !== undefined) {
      const np = String(port.nodePort);
      if (has) nodePorts.push({ chain: 'KUBE-NODEPORTS', spec: ['-p', protocol, ...comment(spn), '-m', protocol, '--dport', np, '-j', extChain] });
      else {
        filterExternal.push({
          chain: 'KUBE-EXTERNAL-SERVICES',
          spec: ['-p', protocol, ...comment(`${spn} has no endpoints`), '-m', 'addrtype', '--dst-type', 'LOCAL', '-m', protocol, '--dport', np, '-j', 'REJECT', '--reject-with', 'icmp-port-unreachable'],
        });
      }
    }
    if (!has) continue;
    // Internal traffic: off-cluster sources are masqueraded, then one endpoint is picked.
    perService.push({ chain: svcChain, spec: ['!', '-s', CLUSTER_CIDR, ...clusterIpMatch, '-j', 'KUBE-MARK-MASQ'] });
    if (port.nodePort !== undefined) {
      natChains.push(extChain);
      perService.push({ chain: extChain, spec: [...comment(`masquerade traffic for ${spn} external destinations`), '-j', 'KUBE-MARK-MASQ'] });
      perService.push({ chain: extChain, spec: ['-j', svcChain] });
    }
    natChains.push(svcChain);
    const sepChains = endpoints.map((ep) => sepChainName(spn, protocol, ep));
    endpoints.forEach((ep, i) => {
      const stat = i < endpoints.length - 1 ? ['-m', 'statistic', '--mode', 'random', '--probability', savedProbability(endpoints.length - i)] : [];
      perService.push({ chain: svcChain, spec: [...comment(`${spn} -> ${ep}`), ...stat, '-j', sepChains[i]!] });
    });
    endpoints.forEach((ep, i) => {
      const chain = sepChains[i]!;
      natChains.push(chain);
      const ip = ep.slice(0, ep.lastIndexOf(':'));
      perService.push({ chain, spec: ['-s', `${ip}/32`, ...comment(spn), '-j', 'KUBE-MARK-MASQ'] });
      perService.push({ chain, spec: ['-p', protocol, ...comment(spn), '-m', protocol, '-j', 'DNAT', '--to-destination', ep] });
    });
  }
  // Finally, the tail call to the NodePorts chain: every local address takes NodePorts.
  services.push({ chain: 'KUBE-SERVICES', spec: [...comment('kubernetes service nodeports; NOTE: this must be the last rule in this chain'), '-m', 'addrtype', '--dst-type', 'LOCAL', '-j', 'KUBE-NODEPORTS'] });
  const natRules: IptablesRule[] = [
    ...postroutingRules(),
    { chain: 'KUBE-MARK-MASQ', spec: ['-j', 'MARK', '--set-xmark', `${MASQ_MARK}/${MASQ_MARK}`] },
    ...services, ...nodePorts, ...perService,
  ];
  const filterRules: IptablesRule[] = [
    ...filterServices, ...filterExternal,
    { chain: 'KUBE-FORWARD', spec: ['-m', 'conntrack', '--ctstate', 'INVALID', '-j', 'DROP'] },
    { chain: 'KUBE-FORWARD', spec: [...comment('kubernetes forwarding rules'), '-m', 'mark', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'ACCEPT'] },
    { chain: 'KUBE-FORWARD', spec: [...comment('kubernetes forwarding conntrack rule'), '-m', 'conntrack', '--ctstate', 'RELATED,ESTABLISHED', '-j', 'ACCEPT'] },
  ];
  return { nat: { chains: natChains, rules: natRules }, filter: { chains: filterChains, rules: filterRules } };
}

/** KUBE-POSTROUTING, identical in kubelet and kube-proxy ("THIS MUST MATCH the corresponding code in the kubelet"). */
function postroutingRules(): IptablesRule[] {
  return [
    { chain: 'KUBE-POSTROUTING', spec: ['-m', 'mark', '!', '--mark', `${MASQ_MARK}/${MASQ_MARK}`, '-j', 'RETURN'] },
    { chain: 'KUBE-POSTROUTING', spec: ['-j', 'MARK', '--set-xmark', `${MASQ_MARK}/0x0`] },
    { chain: 'KUBE-POSTROUTING', spec: [...comment('kubernetes service traffic requiring SNAT'), '-j', 'MASQUERADE', '--random-fully'] },
  ];
}

/** iptablesJumpChains, in the order the proxier ensures them (each prepended to its built-in chain). */
const PROXY_JUMPS: ReadonlyArray<{ table: 'filter' | 'nat'; src: string; spec: string[] }> = [
  { table: 'filter', src: 'INPUT', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes externally-visible service portals'), '-j', 'KUBE-EXTERNAL-SERVICES'] },
  { table: 'filter', src: 'FORWARD', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes externally-visible service portals'), '-j', 'KUBE-EXTERNAL-SERVICES'] },
  { table: 'filter', src: 'INPUT', spec: [...comment('kubernetes health check service ports'), '-j', 'KUBE-NODEPORTS'] },
  { table: 'filter', src: 'FORWARD', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
  { table: 'filter', src: 'OUTPUT', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
  { table: 'filter', src: 'FORWARD', spec: [...comment('kubernetes forwarding rules'), '-j', 'KUBE-FORWARD'] },
  { table: 'filter', src: 'INPUT', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
  { table: 'filter', src: 'OUTPUT', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
  { table: 'filter', src: 'FORWARD', spec: ['-m', 'conntrack', '--ctstate', 'NEW', ...comment('kubernetes load balancer firewall'), '-j', 'KUBE-PROXY-FIREWALL'] },
  { table: 'nat', src: 'OUTPUT', spec: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
  { table: 'nat', src: 'PREROUTING', spec: [...comment('kubernetes service portals'), '-j', 'KUBE-SERVICES'] },
  { table: 'nat', src: 'POSTROUTING', spec: [...comment('kubernetes postrouting rules'), '-j', 'KUBE-POSTROUTING'] },
];

// ---- editing a table as iptables would --------------------------------------------

export const BUILTIN_CHAINS: Readonly<Record<string, readonly string[]>> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

function emptyTable(name: string): IptablesTable {
  return { chains: (BUILTIN_CHAINS[name] ?? []).map((c) => ({ name: c, policy: 'ACCEPT' as const })), rules: [] };
}

function sameSpec(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function ensureChain(t: IptablesTable, name: string): void {
  if (!t.chains.some((c) => c.name === name)) t.chains.push({ name });
}

/**
 * EnsureRule: nothing if the chain has this rule; else -I (prepend) or -A. Edits `rules` in place:
 * callers work on a copy and assign it back (compiled evaluators key on the array).
 */
function ensureRule(rules: IptablesRule[], chain: string, spec: string[], where: 'prepend' | 'append'): void {
  if (rules.some((r) => r.chain === chain && sameSpec(r.spec, spec))) return;
  const rule = { chain, spec };
  const at = where === 'prepend' ? rules.findIndex((r) => r.chain === chain) : -1;
  if (at < 0) rules.push(rule);
  else rules.splice(at, 0, rule);
}

/** Run `edit` on a copy of the table's rules, then put the copy in place. */
function editRules(t: IptablesTable, edit: (rules: IptablesRule[]) => void): void {
  const rules = t.rules.slice();
  edit(rules);
  t.rules = rules;
}

/** kubelet's syncIPTablesRules (and its deprecated half), then the Monitor's canary chains. */
function ensureKubeletRules(t: NodeIptables): void {
  const filter = (t.filter ??= emptyTable('filter'));
  const mangle = (t.mangle ??= emptyTable('mangle'));
  const nat = t.nat;
  ensureChain(mangle, 'KUBE-IPTABLES-HINT');
  ensureChain(filter, 'KUBE-FIREWALL');
  ensureChain(nat, 'KUBE-MARK-DROP');
  ensureChain(nat, 'KUBE-MARK-MASQ');
  ensureChain(nat, 'KUBE-POSTROUTING');
  editRules(filter, (rules) => {
    ensureRule(rules, 'OUTPUT', ['-j', 'KUBE-FIREWALL'], 'prepend');
    ensureRule(rules, 'INPUT', ['-j', 'KUBE-FIREWALL'], 'prepend');
    ensureRule(rules, 'KUBE-FIREWALL', ['!', '-s', '127.0.0.0/8', '-d', '127.0.0.0/8', ...comment('block incoming localnet connections'), '-m', 'conntrack', '!', '--ctstate', 'RELATED,ESTABLISHED,DNAT', '-j', 'DROP'], 'append');
    // The deprecated half runs after: its drop-mark rule comes second in KUBE-FIREWALL.
    ensureRule(rules, 'KUBE-FIREWALL', [...comment('kubernetes firewall for dropping marked packets'), '-m', 'mark', '--mark', `${DROP_MARK}/${DROP_MARK}`, '-j', 'DROP'], 'append');
  });
  editRules(nat, (rules) => {
    ensureRule(rules, 'KUBE-MARK-DROP', ['-j', 'MARK', '--set-xmark', `${DROP_MARK}/${DROP_MARK}`], 'append');
    ensureRule(rules, 'KUBE-MARK-MASQ', ['-j', 'MARK', '--set-xmark', `${MASQ_MARK}/${MASQ_MARK}`], 'append');
    ensureRule(rules, 'POSTROUTING', [...comment('kubernetes postrouting rules'), '-j', 'KUBE-POSTROUTING'], 'prepend');
    for (const r of postroutingRules()) ensureRule(rules, r.chain, r.spec, 'append');
  });
  for (const table of [mangle, nat, filter]) ensureChain(table, 'KUBE-KUBELET-CANARY');
}

/**
 * `iptables-restore --noflush` of one table's part: each listed chain is
 * created or flushed and gets its rules; unused per-service chains are flushed
 * and deleted (the proxier lists them for deletion after every full sync).
 */
function restore(t: IptablesTable, part: { chains: string[]; rules: IptablesRule[] }, deleteStale: boolean): void {
  const written = new Set(part.chains);
  const gone = new Set<string>();
  if (deleteStale) for (const c of t.chains) if (isServiceChain(c.name) && !written.has(c.name)) gone.add(c.name);
  t.chains = t.chains.filter((c) => !gone.has(c.name));
  for (const name of part.chains) ensureChain(t, name);
  const kept = t.rules.filter((r) => !written.has(r.chain) && !gone.has(r.chain));
  // Rules are shared between nodes (identical everywhere): never edited in place.
  t.rules = [...kept, ...part.rules];
}

/** One full syncProxyRules on a node: canary, jump rules, then the restore. */
function applyProxier(t: NodeIptables, want: ProxierTables): void {
  const filter = (t.filter ??= emptyTable('filter'));
  const mangle = (t.mangle ??= emptyTable('mangle'));
  for (const table of [mangle, t.nat, filter]) ensureChain(table, 'KUBE-PROXY-CANARY');
  for (const [table, name] of [[filter, 'filter'], [t.nat, 'nat']] as const) {
    editRules(table, (rules) => {
      for (const j of PROXY_JUMPS) {
        if (j.table !== name) continue;
        ensureChain(table, j.spec[j.spec.length - 1]!);
        ensureRule(rules, j.src, j.spec, 'prepend');
      }
    });
  }
  restore(filter, want.filter, false);
  restore(t.nat, want.nat, true);
}

// ---- keeping every node in step -------------------------------------------------

/** What the rules depend on: the proxied services' ports and their ready endpoints. */
function inputs(state: ClusterState): string {
  let s = CLUSTER_CIDR;
  for (const svc of state.services) {
    if (!hasClusterIP(svc)) continue;
    s += `\n${svc.namespace}/${svc.name} ${svc.clusterIP}`;
    for (const p of svc.ports) s += ` ${p.name ?? ''}:${p.port}/${p.protocol}:${p.nodePort ?? ''}`;
    const ep = state.endpoints.find((e) => e.namespace === svc.namespace && e.name === svc.name);
    if (!ep) continue;
    s += ' |';
    for (const p of ep.ports) s += ` ${p.name ?? ''}:${p.port}/${p.protocol}`;
    for (const a of ep.addresses) s += ` ${a.ip}`;
  }
  return s;
}

/** 64 bits of FNV-1a (two offset bases) over the inputs: what each node's entry remembers. */
function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

/**
 * The last rules computed, by their inputs: every node of a cluster (and every
 * cluster with the same services, as tests build by the hundred) gets the same
 * objects, which nothing edits in place.
 */
let lastRules: { inputs: string; rules: ProxierTables } | undefined;

function rulesFor(state: ClusterState, text: string): ProxierTables {
  if (lastRules?.inputs !== text) lastRules = { inputs: text, rules: proxierRules(state) };
  return lastRules.rules;
}

/**
 * Every running kube-proxy (on a running node) brings its node's rules up to
 * date with the services and endpoints; kubelet's rules are ensured first on a
 * node that has none yet. Cheap when nothing changed: one fingerprint of the
 * services and endpoints, compared with each node's.
 */
export function syncKubeProxy(state: ClusterState): void {
  const kp = (state.kubeProxy ??= {});
  let text: string | undefined;
  let sig: string | undefined;
  for (const node of state.nodes) {
    const entry: KubeProxyState = (kp[node.name] ??= { running: true });
    const t = state.iptables[node.name];
    if (!t || node.container !== 'running') continue;
    if (!t.filter) ensureKubeletRules(t);
    if (!entry.running) continue;
    text ??= inputs(state);
    sig ??= fingerprint(text);
    if (entry.synced === sig) continue;
    applyProxier(t, rulesFor(state, text));
    entry.synced = sig;
  }
  if (Object.keys(kp).length !== state.nodes.length) {
    const names = new Set(state.nodes.map((n) => n.name));
    for (const name of Object.keys(kp)) if (!names.has(name)) delete kp[name];
  }
}

/** Stop or start the kube-proxy pod on a node (its container's readiness follows). */
export function setKubeProxyRunning(state: ClusterState, node: string, running: boolean): OpResult {
  const n = state.nodes.find((x) => x.name === node);
  if (!n) return { error: `no such node: ${node}` };
  const kp = (state.kubeProxy ??= {});
  const entry = (kp[node] ??= { running: true });
  entry.running = running;
  const pod = state.pods.find((p) => p.node === node && p.owner?.kind === 'DaemonSet' && p.owner.name === 'kube-proxy');
  if (pod) for (const c of pod.containers) c.ready = running && n.container === 'running';
  return { ok: true };
}

/** A node that starts again starts its kube-proxy pod with it. */
export function kubeProxyNodeStarted<R extends OpResult>(state: ClusterState, node: string, result: R): R {
  if ('ok' in result && result.ok) {
    const entry = state.kubeProxy?.[node];
    if (entry) entry.running = true;
  }
  return result;
}
