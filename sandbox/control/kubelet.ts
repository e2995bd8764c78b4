/**
 * The kubelet's part in pod networking: for a pod that is not on the host
 * network it creates the sandbox namespace and runs the node's CNI conflist
 * (ADD in order, DEL in reverse) — whatever plugins it names.
 */
import type { ClusterState, PodObj } from '../model/cluster';
import { drawHex } from '../model/draws';
import { releaseNetnsId } from '../model/netns';
import { CONFLIST_PATH, frozenPluginConfs, pluginConfs } from '../cni/kindnet';
import { cniPlugin } from '../cni/registry';
import { isCniError, type CniHost, type CniResult } from '../cni/types';
import { createPodNetns } from './docker-net';

export function cniHostFor(state: ClusterState, node: string): CniHost {
  return { world: state, hostNetns: node, ipamStore: (state.ipam[node] ??= {}), draws: state.draws };
}

/** RunPodSandbox + CNI ADD. Returns an error text (as kubelet events show it) or null. */
export function startSandbox(state: ClusterState, pod: PodObj): string | null {
  const now = state.clock.now;
  pod.sandboxId = drawHex(state.draws, 'net', 32);
  if (!pod.hostNetwork) {
    const conflist = state.files[pod.node]?.[CONFLIST_PATH];
    if (!conflist) return 'network plugin is not ready: cni config uninitialized';
    const ns = createPodNetns(state, pod.namespace, pod.name);
    pod.netns = ns.name;
    const host = cniHostFor(state, pod.node);
    let result: CniResult | undefined;
    for (const conf of frozenPluginConfs(conflist)) {
      const plugin = cniPlugin(conf.type);
      const res = plugin.add(host, { containerId: pod.sandboxId, netns: ns.name, ifName: 'eth0', args: { K8S_POD_NAMESPACE: pod.namespace, K8S_POD_NAME: pod.name }, config: conf });
      if (isCniError(res)) return `failed to set up sandbox container "${pod.sandboxId}" network for pod "${pod.name}": networkPlugin cni failed to set up pod "${pod.name}_${pod.namespace}" network: ${res.msg}`;
      if (res.ips.length) result = res;
    }
    const address = result?.ips[0]?.address;
    const slash = address === undefined ? -1 : address.indexOf('/');
    pod.ip = slash < 0 ? address : address!.slice(0, slash); // address.split('/')[0]
  } else {
    const node = state.nodes.find((n) => n.name === pod.node);
    if (node) pod.ip = node.internalIP;
  }
  pod.phase = 'Running';
  pod.readyAt = now;
  for (const c of pod.containers) {
    c.ready = true;
    c.startedAt = now;
  }
  return null;
}

/** StopPodSandbox: CNI DEL in reverse order, then the namespace goes. */
export function stopSandbox(state: ClusterState, pod: PodObj): void {
  if (pod.netns && pod.sandboxId) {
    const conflist = state.files[pod.node]?.[CONFLIST_PATH];
    const host = cniHostFor(state, pod.node);
    if (conflist) {
      for (const conf of pluginConfs(conflist).reverse()) {
        cniPlugin(conf.type).del(host, { containerId: pod.sandboxId, netns: pod.netns, ifName: 'eth0', args: {}, config: conf });
      }
    }
    delete state.netns[pod.netns];
    const nodeNs = state.netns[pod.node];
    if (nodeNs) releaseNetnsId(nodeNs, pod.netns);
  }
  delete pod.netns;
  delete pod.ip;
  for (const c of pod.containers) c.ready = false;
}
