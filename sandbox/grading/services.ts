/**
 * Service questions, answered from the rules kube-proxy wrote on the node a
 * connection starts from (the node's nat table, exactly what `iptables-save`
 * prints there): which pods a connection to a ClusterIP can land on, and which
 * chains it walks. Reading the rules rather than the Service's endpoints is the
 * point: a kube-proxy that stopped leaves stale rules, and the node follows
 * those, not the API.
 */
import type { Engine } from '../engine';
import type { IptablesRule, IptablesTable, ServiceObj } from '../model/cluster';
import type { Resolved } from './resolve';

export interface ServiceEndpoint {
  /** KUBE-SEP-... chain. */
  chain: string;
  ip: string;
  port: number;
  /** The pod with that address now, if any (a stale rule may point at a pod that is gone). */
  pod: string | null;
}

export interface ServiceRoute {
  /** Where the node's nat table meets the packet: PREROUTING for a pod's packet, OUTPUT for the node's own. */
  hook: 'PREROUTING' | 'OUTPUT';
  node: string;
  ip: string;
  port: number;
  protocol: string;
  /** KUBE-SVC-... chain KUBE-SERVICES sends the packet to, or null when no rule matches. */
  svcChain: string | null;
  endpoints: ServiceEndpoint[];
  /** The filter table's KUBE-SERVICES rejects the port (a service without endpoints). */
  rejected: boolean;
}

function valueAfter(spec: readonly string[], flag: string): string | undefined {
  const i = spec.indexOf(flag);
  return i >= 0 ? spec[i + 1] : undefined;
}

function rulesOf(table: IptablesTable | undefined, chain: string): IptablesRule[] {
  return table ? table.rules.filter((r) => r.chain === chain) : [];
}

/** The rule of a service chain that matches this destination (ClusterIP rules carry `-d IP/32 -p PROTO --dport PORT`). */
function matching(rules: IptablesRule[], ip: string, port: number, protocol: string): IptablesRule | undefined {
  const proto = protocol.toLowerCase();
  return rules.find((r) => valueAfter(r.spec, '-d') === `${ip}/32` && valueAfter(r.spec, '-p') === proto && valueAfter(r.spec, '--dport') === String(port));
}

/** The Service's port an exercise asks about: its first, unless the spec names one. */
export function servicePort(svc: ServiceObj, port?: number): { port: number; protocol: string } | null {
  const p = port === undefined ? svc.ports[0] : svc.ports.find((x) => x.port === port);
  return p ? { port: p.port, protocol: p.protocol ?? 'TCP' } : null;
}

export function findService(engine: Engine, name: string): ServiceObj | undefined {
  const [ns, n] = name.includes('/') ? (name.split('/', 2) as [string, string]) : ['default', name];
  return engine.services().find((s) => s.namespace === ns && s.name === n);
}

/** What kube-proxy's rules on `src`'s node do with a connection to `svc` (a resolved service subject). */
export function serviceRoute(engine: Engine, src: Resolved, svc: Resolved, port?: number): ServiceRoute | string {
  const obj = findService(engine, svc.name);
  if (!obj) return `the cluster has no service ${svc.name}`;
  const sp = servicePort(obj, port);
  if (!sp) return `service ${svc.name} has no port ${port ?? ''}`.trim();
  const node = src.node;
  if (!node) return `${src.name} is not on a node`;
  const tables = engine.state.iptables[node];
  const hook = src.kind === 'pod' ? 'PREROUTING' : 'OUTPUT';
  const rule = matching(rulesOf(tables?.nat, 'KUBE-SERVICES'), obj.clusterIP, sp.port, sp.protocol);
  const svcChain = rule ? valueAfter(rule.spec, '-j') ?? null : null;
  const endpoints: ServiceEndpoint[] = [];
  if (svcChain) {
    for (const r of rulesOf(tables?.nat, svcChain)) {
      const sep = valueAfter(r.spec, '-j');
      if (!sep?.startsWith('KUBE-SEP-')) continue;
      const dnat = rulesOf(tables?.nat, sep).find((x) => valueAfter(x.spec, '-j') === 'DNAT');
      const to = dnat ? valueAfter(dnat.spec, '--to-destination') : undefined;
      const m = to ? /^(\d+\.\d+\.\d+\.\d+):(\d+)$/.exec(to) : null;
      if (!m) continue;
      const ip = m[1]!;
      const pod = engine.state.pods.find((p) => p.ip === ip && !p.hostNetwork);
      endpoints.push({ chain: sep, ip, port: Number(m[2]), pod: pod ? pod.name : null });
    }
  }
  const rejected = !!tables?.filter && rulesOf(tables.filter, 'KUBE-SERVICES').some(
    (r) => valueAfter(r.spec, '-j') === 'REJECT' && matching([r], obj.clusterIP, sp.port, sp.protocol) !== undefined,
  );
  return { hook, node, ip: obj.clusterIP, port: sp.port, protocol: sp.protocol, svcChain, endpoints, rejected };
}

/** The chains the packet walks in the nat table, from the hook to the endpoint chain (any one of them). */
export function chainWalk(route: ServiceRoute): string[] {
  if (!route.svcChain) return route.rejected ? [route.hook === 'OUTPUT' ? 'OUTPUT' : 'FORWARD', 'KUBE-SERVICES', 'REJECT'] : [route.hook, 'KUBE-SERVICES'];
  return [route.hook, 'KUBE-SERVICES', route.svcChain, route.endpoints[0]?.chain ?? 'KUBE-SEP-?'];
}

// ---- answers -----------------------------------------------------------------------

/** `nginx-6799fc88d8-x5t9z, 10.244.2.3` or `none`: pod names and addresses, in any order. */
export function parseBackends(text: string): { ok: true; items: string[]; none: boolean } | { ok: false; error: string } {
  const t = text.trim();
  if (t === '') return { ok: false, error: 'Name the pods (or their addresses), separated by commas or spaces, or write "none".' };
  const items = t.split(/[\s,;]+/).map((x) => x.replace(/:\d+$/, '')).filter(Boolean);
  const lower = items.map((x) => x.toLowerCase());
  if (lower.length === 1 && ['none', 'nothing', 'no', 'nowhere', 'rejected'].includes(lower[0]!)) return { ok: true, items: [], none: true };
  return { ok: true, items, none: false };
}

/** `OUTPUT -> KUBE-SERVICES -> KUBE-SVC-... -> KUBE-SEP-...` (arrows, commas, spaces or lines between). */
export function parseChains(text: string): { ok: true; chains: string[] } | { ok: false; error: string } {
  const chains = text.trim().split(/\s*(?:->|→|=>|,|\n|\s)\s*/).map((x) => x.trim().toUpperCase()).filter(Boolean);
  if (chains.length === 0) return { ok: false, error: 'Write the chains in order, e.g. "KUBE-SERVICES -> KUBE-SVC-... -> KUBE-SEP-...".' };
  const bad = chains.find((c) => !/^[A-Z][A-Z0-9_-]*$/.test(c));
  return bad ? { ok: false, error: `"${bad}" is not a chain name: chains are words like KUBE-SERVICES or KUBE-SVC-TCOU7JCQXEZGVUNU.` } : { ok: true, chains };
}

// ---- grading -------------------------------------------------------------------------

type Verdict = 'correct' | 'partly' | 'wrong';
export interface ServiceGrade {
  verdict: Verdict;
  parts: Array<{ part: string; correct: boolean; given?: string }>;
  feedback: string;
}

/** The proxier's odds for the i-th of n endpoint rules: 1/(n-i) of what reaches it. */
function odds(i: number, n: number): string {
  return i === n - 1 ? 'whatever is left' : `1 in ${n - i}${i > 0 ? ' of the rest' : ''}`;
}

/** The node's rules for this service, in words, as feedback shows them. */
export function describeRoute(r: ServiceRoute): string {
  const dst = `${r.ip}:${r.port}/${r.protocol}`;
  if (!r.svcChain) {
    return r.rejected
      ? `On node ${r.node}, no nat rule matches ${dst}; the filter table's KUBE-SERVICES chain REJECTs it (the service has no ready endpoints), so the client sees "connection refused".`
      : `On node ${r.node}, no kube-proxy rule matches ${dst}: the packet keeps its destination and leaves by the default route.`;
  }
  const lines = [`On node ${r.node}, ${r.hook} -> KUBE-SERVICES matches ${dst} and jumps to ${r.svcChain}, which picks one endpoint chain:`];
  r.endpoints.forEach((e, i) => {
    lines.push(`  ${e.chain} -> DNAT to ${e.ip}:${e.port} (${e.pod ? `pod ${e.pod}` : 'no pod has this address now: a stale rule'}), taken for ${odds(i, r.endpoints.length)}`);
  });
  if (r.endpoints.length === 0) lines.push('  (none: the chain is empty)');
  return lines.join('\n');
}

export function gradeBackends(route: ServiceRoute, answer: string): ServiceGrade | { error: string } {
  const parsed = parseBackends(answer);
  if (!parsed.ok) return { error: parsed.error };
  const targets = route.endpoints;
  const explain = describeRoute(route);
  if (targets.length === 0) {
    const ok = parsed.none;
    return { verdict: ok ? 'correct' : 'wrong', parts: [{ part: 'pods', correct: ok, given: answer.trim() }], feedback: `${ok ? 'Right' : 'Not right'}: it can land on no pod.\n${explain}` };
  }
  if (parsed.none) return { verdict: 'wrong', parts: [{ part: 'pods', correct: false, given: answer.trim() }], feedback: `Not right: it can land on ${targets.length} pod${targets.length === 1 ? '' : 's'}.\n${explain}` };
  const hit = new Set<ServiceEndpoint>();
  const strays: string[] = [];
  for (const item of parsed.items) {
    const e = targets.find((t) => t.ip === item || t.pod === item);
    if (e) hit.add(e);
    else strays.push(item);
  }
  const missed = targets.filter((t) => !hit.has(t));
  const verdict: Verdict = missed.length === 0 && strays.length === 0 ? 'correct' : hit.size > 0 ? 'partly' : 'wrong';
  const lines: string[] = [];
  if (verdict === 'correct') lines.push(`Right: any of ${targets.length} pod${targets.length === 1 ? '' : 's'}.`);
  if (strays.length) lines.push(`Not among them: ${strays.join(', ')}.`);
  if (missed.length) lines.push(`You left out ${missed.length} of the ${targets.length}.`);
  lines.push(explain);
  return { verdict, parts: [{ part: 'pods', correct: verdict === 'correct', given: answer.trim() }], feedback: lines.join('\n') };
}

const HOOKS = ['PREROUTING', 'OUTPUT', 'FORWARD'];

export function gradeChain(route: ServiceRoute, answer: string): ServiceGrade | { error: string } {
  const parsed = parseChains(answer);
  if (!parsed.ok) return { error: parsed.error };
  // Jumping to KUBE-MARK-MASQ marks the packet and returns: not a step of the walk.
  let given = parsed.chains.filter((c) => c !== 'KUBE-MARK-MASQ');
  const truth = chainWalk(route);
  const hook = truth[0]!;
  const parts: ServiceGrade['parts'] = [];
  if (HOOKS.includes(given[0] ?? '')) {
    parts.push({ part: 'hook', correct: given[0] === hook, given: given[0] });
    given = given.slice(1);
  }
  const want = truth.slice(1);
  const sepOk = (c: string | undefined) => route.endpoints.some((e) => e.chain === c);
  let right = 0;
  for (let i = 0; i < want.length; i += 1) {
    const g = given[i];
    const ok = i === 2 && route.svcChain ? sepOk(g) : g === want[i];
    if (!ok) break;
    right += 1;
  }
  const complete = right === want.length && given.length === want.length;
  parts.push({ part: 'chains', correct: complete, given: given.join(' -> ') });
  const all = parts.every((p) => p.correct);
  const verdict: Verdict = all ? 'correct' : right > 0 || parts.some((p) => p.correct) ? 'partly' : 'wrong';
  const lines: string[] = [];
  if (all) lines.push('Right.');
  else {
    if (parts[0]?.part === 'hook' && !parts[0].correct) lines.push(`The packet meets the nat table in ${hook}, not ${parts[0].given}: ${hook === 'OUTPUT' ? 'it is the node\'s own packet' : 'it arrives from a pod, on the node\'s veth'}.`);
    if (!complete) lines.push(right > 0 ? `The first ${right} chain${right === 1 ? ' is' : 's are'} right; then it goes to ${want[right] ?? '(nothing more)'}${right === 2 && route.endpoints.length > 1 ? ' (or any other of the service\'s endpoint chains)' : ''}.` : `It starts at ${want[0]}.`);
  }
  lines.push(describeRoute(route));
  return { verdict, parts, feedback: lines.join('\n') };
}
