/**
 * A fixed three-node cluster for the walking skeleton: the source article's
 * `minikube start --nodes 3 -p multinode-demo` cluster as `kubectl get nodes`
 * shows it ten minutes after start. The full engine (routing, pods, CNI)
 * replaces this view; until then it is the only cluster the lab knows.
 */
export interface NodeInfo {
  name: string;
  ready: boolean;
  roles: string[];
  /** Creation time on the lab's virtual clock, in ms. */
  createdAt: number;
  kubeletVersion: string;
  internalIP: string;
  externalIP: string | null;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
}

/** What kubectl can read from a cluster. */
export interface ClusterView {
  profile: string;
  nodes(): readonly NodeInfo[];
}

const COMMON = {
  ready: true,
  kubeletVersion: 'v1.25.2',
  externalIP: null,
  osImage: 'Ubuntu 20.04.5 LTS',
  kernelVersion: '4.15.0-193-generic',
  containerRuntime: 'docker://20.10.18',
} as const;

export function walkingSkeletonCluster(profile = 'multinode-demo'): ClusterView {
  // Join offsets as the article's output shows them at its moment (t = 0).
  const nodes: NodeInfo[] = [
    { ...COMMON, name: profile, roles: ['control-plane'], createdAt: -595_000, internalIP: '192.168.103.2' },
    { ...COMMON, name: `${profile}-m02`, roles: [], createdAt: -552_000, internalIP: '192.168.103.3' },
    { ...COMMON, name: `${profile}-m03`, roles: [], createdAt: -528_000, internalIP: '192.168.103.4' },
  ];
  return { profile, nodes: () => nodes };
}
