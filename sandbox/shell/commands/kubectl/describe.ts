/**
 * `kubectl describe pod|node|deployment|service` in v1.25's layout
 * (kubectl/pkg/describe/describe.go): a PrefixWriter that indents two spaces
 * per level, through Go's text/tabwriter set up as (minwidth 0, tabwidth 8,
 * padding 2, ' ', 0): a column block is a run of consecutive lines that have
 * a cell in that column. Resource requests of the kube-system pods are those
 * of their v1.25 manifests; node capacity is the fixed value in api.ts.
 */
import type { Engine } from '../../../engine';
import type { PodObj } from '../../../model/cluster';
import { humanDuration } from '../../format/age';
import { rfc1123z, rfc3339 } from '../../format/kube-time';
import type { CommandContext } from '../../types';
import { connectionRefused, fail, formatLabels, matches, namespaceOf, parseOrFail, parseSelector } from './common';
import { containerId, NODE_CAPACITY } from './api';
import { derivedHex, derivedId, derivedUid, eventsOf, listObjects, podReady, podsOfDeployment, qualifiedPlural, replicaSetsOf, resolveType, SAFE_ALPHABET, type KubeObject } from './model';
import { TRIGGER_TIME_ANNOTATION } from '../../../control/endpointslices';
import type { EndpointsObj } from '../../../model/cluster';

/** Go's text/tabwriter (minwidth 0, padding 2, spaces, no flags). */
export function goTabwriter(text: string, padding = 2): string {
  const lines = text.split('\n');
  const last = lines.pop();
  const cells = lines.map((l) => l.split('\t'));
  const widths: number[] = [];
  let out = '';
  const writeLines = (a: number, b: number) => {
    for (let i = a; i < b; i += 1) {
      const line = cells[i] as string[];
      line.forEach((c, j) => {
        out += j < line.length - 1 && j < widths.length ? c.padEnd(widths[j] as number) : c;
      });
      out += '\n';
    }
  };
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let t = line0; t < line1; t += 1) {
      if (column >= (cells[t] as string[]).length - 1) continue;
      writeLines(line0, t);
      line0 = t;
      let width = 0;
      for (; t < line1; t += 1) {
        const line = cells[t] as string[];
        if (column >= line.length - 1) break;
        width = Math.max(width, (line[column] as string).length + padding);
      }
      widths.push(width);
      format(line0, t);
      widths.pop();
      line0 = t;
      t -= 1;
    }
    writeLines(line0, line1);
  };
  format(0, cells.length);
  return out + (last ?? '');
}

class Prefix {
  text = '';
  w(level: number, s: string): void {
    this.text += '  '.repeat(level) + s;
  }
}

function labelLines(p: Prefix, title: string, m: Record<string, string>, sep = '='): void {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) {
    p.w(0, `${title}:\t<none>\n`);
    return;
  }
  keys.forEach((k, i) => p.w(0, `${i === 0 ? `${title}:` : ''}\t${k}${sep}${m[k]}\n`));
}

function events(p: Prefix, engine: Engine, kind: string, name: string, namespace: string, now: number): void {
  const evs = eventsOf(engine).filter((e) => e.objectKind === kind && e.objectName === name && (kind === 'node' || e.namespace === namespace)).sort((a, b) => a.at - b.at);
  if (evs.length === 0) {
    p.w(0, 'Events:\t<none>\n');
    return;
  }
  p.w(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage\n');
  p.w(1, '----\t------\t----\t----\t-------\n');
  for (const e of evs) p.w(1, `${e.type}\t${e.reason}\t${humanDuration(now - e.at)}\t${e.source}\t${e.message}\n`);
}

/** CPU and memory requests/limits of the pods minikube runs (their v1.25 manifests); user pods request nothing. */
function resources(pod: PodObj): { cpuReq: number; cpuLim: number; memReq: number; memLim: number } {
  const n = pod.name;
  if (n.startsWith('coredns-')) return { cpuReq: 100, cpuLim: 0, memReq: 70, memLim: 170 };
  if (n.startsWith('etcd-')) return { cpuReq: 100, cpuLim: 0, memReq: 100, memLim: 0 };
  if (n.startsWith('kube-apiserver-')) return { cpuReq: 250, cpuLim: 0, memReq: 0, memLim: 0 };
  if (n.startsWith('kube-controller-manager-')) return { cpuReq: 200, cpuLim: 0, memReq: 0, memLim: 0 };
  if (n.startsWith('kube-scheduler-')) return { cpuReq: 100, cpuLim: 0, memReq: 0, memLim: 0 };
  if (pod.owner?.kind === 'DaemonSet' && pod.owner.name === 'kindnet') return { cpuReq: 100, cpuLim: 100, memReq: 50, memLim: 50 };
  return { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
}

const CPU_MILLI = Number(NODE_CAPACITY.cpu) * 1000;
const MEM_MI = parseInt(NODE_CAPACITY.memory as string, 10) / 1024;
const cpu = (m: number) => `${m === 0 ? '0' : `${m}m`} (${Math.floor((m * 100) / CPU_MILLI)}%)`;
const mem = (mi: number) => `${mi === 0 ? '0' : `${mi}Mi`} (${Math.floor((mi * 100) / MEM_MI)}%)`;

function tokenVolume(pod: PodObj): string {
  return `kube-api-access-${derivedId(`vol/${pod.uid}`, SAFE_ALPHABET, 5)}`;
}

function describePod(engine: Engine, pod: PodObj, now: number): string {
  const p = new Prefix();
  const node = engine.nodes().find((n) => n.name === pod.node);
  p.w(0, `Name:\t${pod.name}\n`);
  p.w(0, `Namespace:\t${pod.namespace}\n`);
  p.w(0, `Priority:\t${pod.namespace === 'kube-system' && pod.name !== 'storage-provisioner' ? (pod.owner?.kind === 'Node' || pod.owner?.kind === 'DaemonSet' ? '2000001000' : '2000000000') : '0'}\n`);
  if (pod.namespace === 'kube-system' && pod.name !== 'storage-provisioner') p.w(0, `Priority Class Name:\t${pod.owner?.kind === 'Node' || pod.owner?.kind === 'DaemonSet' ? 'system-node-critical' : 'system-cluster-critical'}\n`);
  p.w(0, `Service Account:\t${pod.owner?.kind === 'Node' ? '' : 'default'}\n`);
  p.w(0, `Node:\t${pod.node ? `${pod.node}/${node?.internalIP ?? ''}` : '<none>'}\n`);
  if (pod.node) p.w(0, `Start Time:\t${rfc1123z(pod.createdAt)}\n`);
  labelLines(p, 'Labels', pod.labels);
  p.w(0, 'Annotations:\t<none>\n');
  p.w(0, `Status:\t${pod.phase}\n`);
  p.w(0, `IP:\t${pod.ip ?? ''}\n`);
  if (pod.ip) {
    p.w(0, 'IPs:\n');
    p.w(1, `IP:\t${pod.ip}\n`);
  } else p.w(0, 'IPs:\t<none>\n');
  if (pod.owner) p.w(0, `Controlled By:\t${pod.owner.kind}/${pod.owner.name}\n`);
  p.w(0, 'Containers:\n');
  for (const c of pod.containers) {
    p.w(1, `${c.name}:\n`);
    if (pod.phase === 'Running') p.w(2, `Container ID:\t${containerId(pod, c.name)}\n`);
    p.w(2, `Image:\t${c.image}\n`);
    p.w(2, `Image ID:\t${pod.phase === 'Running' ? `docker-pullable://${c.image.replace(/:[^/]*$/, '')}@sha256:${derivedHex(`img/${c.image}`, 64)}` : ''}\n`);
    p.w(2, 'Port:\t<none>\n');
    p.w(2, 'Host Port:\t<none>\n');
    if (pod.phase === 'Running') {
      p.w(2, 'State:\tRunning\n');
      p.w(3, `Started:\t${rfc1123z(c.startedAt)}\n`);
    } else {
      p.w(2, 'State:\tWaiting\n');
      p.w(3, `Reason:\t${pod.node ? 'ContainerCreating' : ''}\n`);
    }
    p.w(2, `Ready:\t${c.ready && pod.phase === 'Running' ? 'True' : 'False'}\n`);
    p.w(2, `Restart Count:\t${c.restarts}\n`);
    const r = resources(pod);
    if (r.cpuReq || r.memReq) {
      if (r.cpuLim || r.memLim) {
        p.w(2, 'Limits:\n');
        if (r.cpuLim) p.w(3, `cpu:\t${r.cpuLim}m\n`);
        if (r.memLim) p.w(3, `memory:\t${r.memLim}Mi\n`);
      }
      p.w(2, 'Requests:\n');
      if (r.cpuReq) p.w(3, `cpu:\t${r.cpuReq}m\n`);
      if (r.memReq) p.w(3, `memory:\t${r.memReq}Mi\n`);
    }
    p.w(2, 'Environment:\t<none>\n');
    p.w(2, 'Mounts:\n');
    p.w(3, `/var/run/secrets/kubernetes.io/serviceaccount from ${tokenVolume(pod)} (ro)\n`);
  }
  const ready = podReady(pod);
  p.w(0, 'Conditions:\n  Type\tStatus\n');
  if (pod.node) {
    p.w(1, 'Initialized \tTrue \n');
    p.w(1, `Ready \t${ready ? 'True' : 'False'} \n`);
    p.w(1, `ContainersReady \t${ready ? 'True' : 'False'} \n`);
  }
  p.w(1, `PodScheduled \t${pod.node ? 'True' : 'False'} \n`);
  p.w(0, 'Volumes:\n');
  p.w(1, `${tokenVolume(pod)}:\n`);
  p.w(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)\n');
  p.w(2, 'TokenExpirationSeconds:\t3607\n');
  p.w(2, 'ConfigMapName:\tkube-root-ca.crt\n');
  p.w(2, 'ConfigMapOptional:\t<nil>\n');
  p.w(2, 'DownwardAPI:\ttrue\n');
  const r = resources(pod);
  p.w(0, `QoS Class:\t${r.cpuReq || r.memReq ? 'Burstable' : 'BestEffort'}\n`);
  p.w(0, 'Node-Selectors:\t<none>\n');
  p.w(0, 'Tolerations:\tnode.kubernetes.io/not-ready:NoExecute op=Exists for 300s\n');
  p.w(0, '\tnode.kubernetes.io/unreachable:NoExecute op=Exists for 300s\n');
  events(p, engine, 'pod', pod.name, pod.namespace, now);
  return goTabwriter(p.text);
}

function describeNode(engine: Engine, o: KubeObject & { type: 'nodes' }, now: number): string {
  const n = o.node;
  const p = new Prefix();
  p.w(0, `Name:\t${n.name}\n`);
  p.w(0, `Roles:\t${n.roles.length ? n.roles.join(',') : '<none>'}\n`);
  labelLines(p, 'Labels', n.labels);
  labelLines(p, 'Annotations', { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' }, ': ');
  p.w(0, `CreationTimestamp:\t${rfc1123z(n.createdAt)}\n`);
  p.w(0, `Taints:\t${n.ready ? '<none>' : 'node.kubernetes.io/unreachable:NoExecute'}\n`);
  if (!n.ready) p.w(0, '\tnode.kubernetes.io/unreachable:NoSchedule\n');
  p.w(0, 'Unschedulable:\tfalse\n');
  p.w(0, 'Lease:\n');
  p.w(1, `HolderIdentity:\t${n.name}\n`);
  p.w(1, 'AcquireTime:\t<unset>\n');
  p.w(1, `RenewTime:\t${rfc1123z(n.ready ? now - (now % 10000) : n.stoppedAt ?? now)}\n`);
  p.w(0, 'Conditions:\n');
  p.w(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
  p.w(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
  const hb = rfc1123z(n.ready ? now - (now % 60000) : n.stoppedAt ?? now);
  const created = rfc1123z(n.createdAt);
  const unknown = !n.ready;
  const cond = (type: string, status: string, reason: string, msg: string, at: string) =>
    p.w(1, `${type} \t${unknown ? 'Unknown' : status} \t${hb} \t${unknown ? rfc1123z(n.readyTransitionAt) : at} \t${unknown ? 'NodeStatusUnknown' : reason} \t${unknown ? 'Kubelet stopped posting node status.' : msg}\n`);
  cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', created);
  cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', created);
  cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', created);
  cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', rfc1123z(n.readyTransitionAt));
  p.w(0, 'Addresses:\n');
  p.w(1, `InternalIP:\t${n.internalIP}\n`);
  p.w(1, `Hostname:\t${n.name}\n`);
  for (const title of ['Capacity', 'Allocatable']) {
    p.w(0, `${title}:\n`);
    for (const [k, v] of Object.entries(NODE_CAPACITY)) p.w(1, `${k}:\t${v}\n`);
  }
  p.w(0, 'System Info:\n');
  p.w(1, `Machine ID:\t${derivedHex(`machine/${n.name}`, 32)}\n`);
  p.w(1, `System UUID:\t${derivedUid(`sys/${n.name}`)}\n`);
  p.w(1, `Boot ID:\t${derivedUid(`boot/${n.name}`)}\n`);
  p.w(1, `Kernel Version:\t${n.kernelVersion}\n`);
  p.w(1, `OS Image:\t${n.osImage}\n`);
  p.w(1, 'Operating System:\tlinux\n');
  p.w(1, 'Architecture:\tamd64\n');
  p.w(1, `Container Runtime Version:\t${n.containerRuntime}\n`);
  p.w(1, `Kubelet Version:\t${n.kubeletVersion}\n`);
  p.w(1, `Kube-Proxy Version:\t${n.kubeletVersion}\n`);
  p.w(0, `PodCIDR:\t${n.podCIDR}\n`);
  p.w(0, `PodCIDRs:\t${n.podCIDR}\n`);
  const pods = engine.pods().filter((x) => x.node === n.name).sort((a, b) => (a.namespace + a.name < b.namespace + b.name ? -1 : 1));
  p.w(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  p.w(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  p.w(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---\n');
  const tot = { cpuReq: 0, cpuLim: 0, memReq: 0, memLim: 0 };
  for (const x of pods) {
    const r = resources(x);
    tot.cpuReq += r.cpuReq; tot.cpuLim += r.cpuLim; tot.memReq += r.memReq; tot.memLim += r.memLim;
    p.w(1, `${x.namespace}\t${x.name}\t${cpu(r.cpuReq)}\t${cpu(r.cpuLim)}\t${mem(r.memReq)}\t${mem(r.memLim)}\t${humanDuration(now - x.createdAt)}\n`);
  }
  p.w(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  p.w(1, 'Resource\tRequests\tLimits\n');
  p.w(1, '--------\t--------\t------\n');
  p.w(1, `cpu\t${cpu(tot.cpuReq)}\t${cpu(tot.cpuLim)}\n`);
  p.w(1, `memory\t${mem(tot.memReq)}\t${mem(tot.memLim)}\n`);
  p.w(1, 'ephemeral-storage\t0 (0%)\t0 (0%)\n');
  p.w(1, 'hugepages-1Gi\t0 (0%)\t0 (0%)\n');
  p.w(1, 'hugepages-2Mi\t0 (0%)\t0 (0%)\n');
  events(p, engine, 'node', n.name, '', now);
  return goTabwriter(p.text);
}

function describeDeployment(engine: Engine, o: KubeObject & { type: 'deployments' }, now: number): string {
  const d = o.deployment;
  const pods = podsOfDeployment(engine, d);
  const ready = pods.filter(podReady).length;
  const rs = replicaSetsOf(engine).find((r) => r.namespace === d.namespace && r.deployment === d.name);
  const cname = pods[0]?.containers[0]?.name ?? d.image.split('/').pop()?.split(':')[0] ?? d.name;
  const p = new Prefix();
  p.w(0, `Name:\t${d.name}\n`);
  p.w(0, `Namespace:\t${d.namespace}\n`);
  p.w(0, `CreationTimestamp:\t${rfc1123z(d.createdAt)}\n`);
  labelLines(p, 'Labels', d.labels);
  p.w(0, 'Annotations:\tdeployment.kubernetes.io/revision: 1\n');
  p.w(0, `Selector:\t${Object.entries(o.selector).map(([k, v]) => `${k}=${v}`).join(',')}\n`);
  p.w(0, `Replicas:\t${d.replicas} desired | ${pods.length} updated | ${pods.length} total | ${ready} available | ${pods.length - ready} unavailable\n`);
  p.w(0, 'StrategyType:\tRollingUpdate\n');
  p.w(0, 'MinReadySeconds:\t0\n');
  p.w(0, 'RollingUpdateStrategy:\t25% max unavailable, 25% max surge\n');
  p.w(0, 'Pod Template:\n');
  labelLines({ w: (l: number, s: string) => p.w(l + 1, s) } as Prefix, 'Labels', d.labels);
  p.w(1, 'Containers:\n');
  p.w(2, `${cname}:\n`);
  p.w(3, `Image:\t${d.image}\n`);
  p.w(3, 'Port:\t<none>\n');
  p.w(3, 'Host Port:\t<none>\n');
  p.w(3, 'Environment:\t<none>\n');
  p.w(3, 'Mounts:\t<none>\n');
  p.w(1, 'Volumes:\t<none>\n');
  p.w(0, 'Conditions:\n');
  p.w(1, 'Type\tStatus\tReason\n');
  p.w(1, '----\t------\t------\n');
  p.w(1, `Available \t${ready >= d.replicas ? 'True' : 'False'} \t${ready >= d.replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable'}\n`);
  p.w(1, 'Progressing \tTrue \tNewReplicaSetAvailable\n');
  p.w(0, 'OldReplicaSets:\t<none>\n');
  p.w(0, `NewReplicaSet:\t${rs ? `${rs.name} (${pods.length}/${pods.length} replicas created)` : '<none>'}\n`);
  events(p, engine, 'deployment', d.name, d.namespace, now);
  return goTabwriter(p.text);
}

/** printAnnotationsMultiline: `key: value` lines, sorted, the last-applied-configuration left out. */
function annotationLines(p: Prefix, m: Record<string, string>): void {
  const keys = Object.keys(m).filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration').sort();
  if (keys.length === 0) {
    p.w(0, 'Annotations:\t<none>\n');
    return;
  }
  keys.forEach((k, i) => p.w(0, `${i === 0 ? 'Annotations:' : ''}\t${k}: ${m[k]}\n`));
}

/**
 * describe.go formatEndpoints for one service port: the ready addresses of the
 * subsets whose ports include that port's name, as ip:port, at most three then
 * " + N more..."; `<none>` with no subsets at all.
 */
function endpointsOfPort(ep: EndpointsObj | undefined, portName: string | undefined): string {
  if (!ep || (ep.addresses.length === 0 && (ep.notReadyAddresses?.length ?? 0) === 0)) return '<none>';
  const addrs = [...ep.addresses].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
  const list: string[] = [];
  let count = 0;
  const add = (s: string) => {
    if (list.length < 3) list.push(s);
    count += 1;
  };
  if (ep.ports.length === 0) for (const a of addrs) add(a.ip);
  else for (const port of ep.ports) if ((port.name ?? '') === (portName ?? '')) for (const a of addrs) add(`${a.ip}:${port.port}`);
  return count > 3 ? `${list.join(',')} + ${count - 3} more...` : list.join(',');
}

function describeService(engine: Engine, o: KubeObject & { type: 'services' }, now: number): string {
  const s = o.svc;
  const ep = engine.endpoints().find((e) => e.namespace === s.namespace && e.name === s.name);
  const external = s.type === 'ExternalName';
  const p = new Prefix();
  p.w(0, `Name:\t${s.name}\n`);
  p.w(0, `Namespace:\t${s.namespace}\n`);
  labelLines(p, 'Labels', s.labels);
  p.w(0, 'Annotations:\t<none>\n');
  p.w(0, `Selector:\t${formatLabels(s.selector)}\n`);
  p.w(0, `Type:\t${s.type}\n`);
  // ExternalName services have no IP family policy, families or addresses.
  if (!external) p.w(0, 'IP Family Policy:\tSingleStack\n');
  p.w(0, `IP Families:\t${external ? '<none>' : 'IPv4'}\n`);
  p.w(0, `IP:\t${s.clusterIP}\n`);
  p.w(0, `IPs:\t${s.clusterIP || '<none>'}\n`);
  if (s.externalName) p.w(0, `External Name:\t${s.externalName}\n`);
  for (const port of s.ports) {
    const name = port.name ?? '<unset>';
    p.w(0, `Port:\t${name}\t${port.port}/${port.protocol}\n`);
    p.w(0, `TargetPort:\t${port.targetPort}/${port.protocol}\n`);
    if (port.nodePort) p.w(0, `NodePort:\t${name}\t${port.nodePort}/${port.protocol}\n`);
    p.w(0, `Endpoints:\t${endpointsOfPort(ep, port.name)}\n`);
  }
  p.w(0, 'Session Affinity:\tNone\n');
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') p.w(0, 'External Traffic Policy:\tCluster\n');
  events(p, engine, 'service', s.name, s.namespace, now);
  return goTabwriter(p.text);
}

/** describe.go describeEndpoints: one block per subset (the lab's Endpoints have at most one). */
function describeEndpoints(engine: Engine, o: KubeObject & { type: 'endpoints' }, now: number): string {
  const ep = o.ep;
  const p = new Prefix();
  p.w(0, `Name:\t${ep.name}\n`);
  p.w(0, `Namespace:\t${ep.namespace}\n`);
  labelLines(p, 'Labels', o.labels);
  annotationLines(p, o.triggerTime === undefined ? {} : { [TRIGGER_TIME_ANNOTATION]: rfc3339(o.triggerTime) });
  p.w(0, 'Subsets:\n');
  const notReady = ep.notReadyAddresses ?? [];
  if (ep.addresses.length > 0 || notReady.length > 0) {
    const ips = (xs: typeof notReady) => [...xs].sort((a, b) => (a.ip < b.ip ? -1 : 1)).map((a) => a.ip).join(',') || '<none>';
    p.w(1, `Addresses:\t${ips(ep.addresses)}\n`);
    p.w(1, `NotReadyAddresses:\t${ips(notReady)}\n`);
    if (ep.ports.length > 0) {
      p.w(1, 'Ports:\n');
      p.w(2, 'Name\tPort\tProtocol\n');
      p.w(2, '----\t----\t--------\n');
      for (const port of ep.ports) p.w(2, `${port.name || '<unset>'}\t${port.port}\t${port.protocol}\n`);
    }
    p.w(0, '\n');
  }
  events(p, engine, 'endpoints', ep.name, ep.namespace, now);
  return goTabwriter(p.text);
}

/** describe.go describeEndpointSliceV1 (v1.25: the Ready condition only, then Hostname, TargetRef, NodeName, Zone). */
function describeEndpointSlice(engine: Engine, o: KubeObject & { type: 'endpointslices' }, now: number): string {
  const sl = o.slice;
  const p = new Prefix();
  p.w(0, `Name:\t${sl.name}\n`);
  p.w(0, `Namespace:\t${sl.namespace}\n`);
  labelLines(p, 'Labels', sl.labels);
  annotationLines(p, sl.triggerTime === undefined ? {} : { [TRIGGER_TIME_ANNOTATION]: rfc3339(sl.triggerTime) });
  p.w(0, `AddressType:\t${sl.addressType}\n`);
  if (!sl.ports || sl.ports.length === 0) p.w(0, 'Ports: <unset>\n');
  else {
    p.w(0, 'Ports:\n');
    p.w(1, 'Name\tPort\tProtocol\n');
    p.w(1, '----\t----\t--------\n');
    for (const port of sl.ports) p.w(1, `${port.name || '<unset>'}\t${port.port}\t${port.protocol}\n`);
  }
  if (!sl.endpoints || sl.endpoints.length === 0) p.w(0, 'Endpoints: <none>\n');
  else {
    p.w(0, 'Endpoints:\n');
    for (const e of sl.endpoints) {
      p.w(1, `- Addresses:\t${e.ip}\n`);
      p.w(2, 'Conditions:\n');
      p.w(3, `Ready:\t${e.ready}\n`);
      p.w(2, 'Hostname:\t<unset>\n');
      if (e.pod) p.w(2, `TargetRef:\tPod/${e.pod.name}\n`);
      p.w(2, `NodeName:\t${e.nodeName ?? '<unset>'}\n`);
      p.w(2, 'Zone:\t<unset>\n');
    }
  }
  events(p, engine, 'endpointslice', sl.name, sl.namespace, now);
  return goTabwriter(p.text);
}

export function runDescribe(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl describe', args, [
    { name: 'selector', short: 'l', type: 'string' }, { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'show-events', type: 'bool' }, { name: 'filename', short: 'f', type: 'stringArray' }, { name: 'chunk-size', type: 'int' },
  ]);
  if (!p) return 1;
  if (p.positionals.length === 0) {
    return fail(ctx, 'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee \'kubectl describe -h\' for help and examples');
  }
  if (ctx.cluster === null) return connectionRefused(ctx);
  const engine = ctx.cluster;
  const sel = parseSelector(typeof p.values.get('selector') === 'string' ? (p.values.get('selector') as string) : '');
  if (typeof sel === 'string') return fail(ctx, `error: ${sel}`);
  let typeWord = p.positionals[0] as string;
  let names = p.positionals.slice(1);
  if (typeWord.includes('/')) {
    names = [typeWord.slice(typeWord.indexOf('/') + 1), ...names];
    typeWord = typeWord.slice(0, typeWord.indexOf('/'));
  }
  const type = resolveType(typeWord);
  if (!type) return fail(ctx, `error: the server doesn't have a resource type "${typeWord}"`);
  if (!['pods', 'nodes', 'deployments', 'services', 'endpoints', 'endpointslices'].includes(type.plural)) {
    if (!type.backed) return fail(ctx, `podlab: this lab does not model ${type.plural} yet; try "kubectl api-resources" for the types it serves.`);
    return fail(ctx, `podlab: "kubectl describe" covers pods, nodes, deployments, services, endpoints and endpointslices in this lab; try "kubectl get ${type.plural} -o yaml".`);
  }
  const ns = namespaceOf(p);
  const all = listObjects(engine, type.plural, type.namespaced ? (p.values.get('all-namespaces') === true ? null : ns) : null);
  let chosen: KubeObject[];
  let code = 0;
  if (names.length > 0) {
    chosen = [];
    for (const n of names) {
      // describe matches a name prefix when no object has that exact name.
      const exact = all.filter((o) => o.name === n);
      const found = exact.length > 0 ? exact : all.filter((o) => o.name.startsWith(n));
      if (found.length === 0) code = fail(ctx, `Error from server (NotFound): ${qualifiedPlural(type)} "${n}" not found`);
      chosen.push(...found);
    }
  } else {
    chosen = all.filter((o) => matches(sel, o.labels));
    if (chosen.length === 0) {
      ctx.io.err(type.namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
      return 0;
    }
  }
  const texts = chosen.map((o) => {
    switch (o.type) {
      case 'pods': return describePod(engine, o.pod, ctx.now);
      case 'nodes': return describeNode(engine, o, ctx.now);
      case 'deployments': return describeDeployment(engine, o, ctx.now);
      case 'services': return describeService(engine, o, ctx.now);
      case 'endpoints': return describeEndpoints(engine, o, ctx.now);
      case 'endpointslices': return describeEndpointSlice(engine, o, ctx.now);
      default: return '';
    }
  });
  ctx.io.out(texts.join('\n\n'));
  return code;
}
