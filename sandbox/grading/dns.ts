/**
 * Name questions, answered by resolving the name from the pod exactly as a
 * glibc tool there would (getent hosts, curl): its /etc/hosts, then its
 * /etc/resolv.conf search list, each query travelling as a packet to the
 * nameserver through kube-proxy to a CoreDNS pod. A broken path or a CoreDNS
 * scaled to zero gives a lookup that fails, as in a real cluster.
 */
import type { Engine } from '../engine';
import { podResolvConf } from '../control/coredns';
import { exchange, getaddrinfo, parseResolvConf, type GaiError } from '../shell/commands/net/dns';
import { podPlace } from '../shell/places';
import type { Resolved } from './resolve';

export type DnsTruth =
  | { kind: 'dns'; outcome: 'addresses'; addresses: string[]; fqdn: string }
  | { kind: 'dns'; outcome: 'nxdomain' | 'timeout'; error: GaiError };

export function dnsTruth(engine: Engine, src: Resolved, name: string): DnsTruth | string {
  const pod = src.netns ? engine.findPod(src.netns) : undefined;
  if (!pod || !pod.ip) return `${src.name} is not a running pod`;
  const place = podPlace({ namespace: pod.namespace, name: pod.name, node: pod.node }, pod.containers[0]?.name ?? 'c', pod.containers[0]?.image ?? 'busybox');
  const hosts = `127.0.0.1\tlocalhost\n${pod.ip}\t${pod.name}\n`;
  const ep = { engine, target: `${pod.namespace}/${pod.name}`, place, seed: engine.state.seed, now: engine.now, traces: new Map() };
  const conf = parseResolvConf(podResolvConf(pod.namespace));
  const r = getaddrinfo({ ep, conf, libc: 'glibc', hosts, sent: [] }, name);
  if (r.ok) return { kind: 'dns', outcome: 'addresses', addresses: r.addresses, fqdn: r.canonname };
  if (r.error === 'EAI_AGAIN') {
    // The lab has no internet: after the search list, the bare name goes upstream and fails there.
    // When CoreDNS itself answered "no such name" for the cluster's candidates, that is the answer a learner reads.
    const server = conf.nameservers[0];
    const first = `${name.replace(/\.$/, '')}.${conf.search[0] ?? 'cluster.local'}`;
    const o = server ? exchange(ep, server, { name: first, type: 'A' }) : null;
    if (o?.kind === 'answer' && o.response.rcode === 'NXDOMAIN' && !name.endsWith('.')) return { kind: 'dns', outcome: 'nxdomain', error: 'EAI_NONAME' };
  }
  return { kind: 'dns', outcome: r.error === 'EAI_NONAME' || r.error === 'EAI_NODATA' ? 'nxdomain' : 'timeout', error: r.error };
}

const NO_NAME = /^(nxdomain|no such (name|host|domain)|not found|none|does ?n[o']t (exist|resolve)|unknown|name or service not known)\.?$/i;
const NO_ANSWER = /^(time ?out|timed out|no answer|no reply|servfail|refused|connection refused|fails?|temporary failure( in name resolution)?|no servers could be reached)\.?$/i;

export function gradeDns(truth: DnsTruth, answer: string): { verdict: 'correct' | 'partly' | 'wrong'; feedback: string } | { error: string } {
  const t = answer.trim();
  if (t === '') return { error: 'Write the address(es) the name resolves to, or NXDOMAIN if it does not exist, or timeout if no answer comes.' };
  const given = NO_NAME.test(t) ? 'nxdomain' : NO_ANSWER.test(t) ? 'timeout' : null;
  const ips = given ? [] : t.split(/[\s,;]+/).filter(Boolean);
  if (!given && ips.some((x) => !/^\d{1,3}(\.\d{1,3}){3}$/.test(x))) return { error: `"${t}" is neither addresses nor NXDOMAIN nor timeout.` };
  const what = truth.outcome === 'addresses'
    ? `${truth.fqdn} has ${truth.addresses.length === 1 ? 'the address' : 'the addresses'} ${truth.addresses.join(', ')}`
    : truth.outcome === 'nxdomain' ? 'no such name exists (NXDOMAIN for every name the search list tried)' : 'no answer comes back (the lookup times out or is refused)';
  if (truth.outcome !== 'addresses') {
    const ok = given === truth.outcome;
    return { verdict: ok ? 'correct' : 'wrong', feedback: `${ok ? 'Right' : 'Not right'}: ${what}.` };
  }
  if (given) return { verdict: 'wrong', feedback: `Not right: ${what}.` };
  const want = new Set(truth.addresses);
  const hits = ips.filter((x) => want.has(x));
  const ok = hits.length === want.size && ips.length === hits.length;
  return { verdict: ok ? 'correct' : hits.length > 0 ? 'partly' : 'wrong', feedback: `${ok ? 'Right' : 'Not right'}: ${what}.` };
}
