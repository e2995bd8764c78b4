/**
 * Kubernetes objects as plain data, with only the fields the lab shows or
 * routes by. Times are virtual-clock milliseconds.
 */
import type { ClockState } from './clock';
import type { DrawsState } from './draws';
import type { Netns } from './netns';

export interface NodeObj {
  name: string;
  uid: string;
  roles: string[];
  labels: Record<string, string>;
  createdAt: number;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntime: string;
  /** Fixed for the node's lifetime, like name and internalIP (kindnetd's reconcile memo relies on it). */
  podCIDR: string;
  internalIP: string;
  /** Ready condition as the node lifecycle controller reports it. */
  ready: boolean;
  readyTransitionAt: number;
  /** The minikube node container: stopping it takes the whole node offline. */
  container: 'running' | 'stopped';
  stoppedAt?: number;
}

export interface ContainerObj {
  name: string;
  image: string;
  ready: boolean;
  restarts: number;
  startedAt: number;
  lastRestartAt?: number;
}

export interface OwnerRef {
  kind: 'ReplicaSet' | 'DaemonSet' | 'Node';
  name: string;
}

export interface PodObj {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  owner?: OwnerRef;
  node: string;
  phase: 'Pending' | 'Running';
  ip?: string;
  hostNetwork: boolean;
  containers: ContainerObj[];
  createdAt: number;
  /** Sandbox (pause container) id: the CNI ContainerID; changes when the sandbox is recreated. */
  sandboxId?: string;
  /** Name of the pod's own network namespace (absent for hostNetwork pods and while not running). */
  netns?: string;
  /** Time the pod became Ready (used by the ReplicaSet controller's scale-down ranking). */
  readyAt?: number;
}

export interface DeploymentObj {
  name: string;
  namespace: string;
  uid: string;
  image: string;
  replicas: number;
  labels: Record<string, string>;
  createdAt: number;
}

export interface ReplicaSetObj {
  name: string;
  namespace: string;
  uid: string;
  deployment: string;
  hash: string;
  replicas: number;
  image: string;
  labels: Record<string, string>;
  createdAt: number;
}

export type ServiceProtocol = 'TCP' | 'UDP' | 'SCTP';

export interface ServicePort {
  name?: string;
  port: number;
  /** A number, or the name of a container port (intstr). */
  targetPort: number | string;
  protocol: ServiceProtocol;
  /** NodePort and LoadBalancer services: the port every node opens (30000-32767). */
  nodePort?: number;
}

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export interface ServiceObj {
  name: string;
  namespace: string;
  uid: string;
  type: ServiceType;
  /** The allocated address; "None" for a headless service, "" for ExternalName (which has none). */
  clusterIP: string;
  /** ExternalName services: the DNS name the service is an alias (CNAME) for. */
  externalName?: string;
  ports: ServicePort[];
  selector: Record<string, string>;
  labels: Record<string, string>;
  createdAt: number;
}

export interface EndpointAddress {
  ip: string;
  nodeName?: string;
  targetRef?: { kind: 'Pod'; namespace: string; name: string };
}

export interface EndpointsObj {
  name: string;
  namespace: string;
  /** Ready pods (subsets[].addresses). */
  addresses: EndpointAddress[];
  /** Pods with an IP that are not ready (subsets[].notReadyAddresses); absent when none. */
  notReadyAddresses?: EndpointAddress[];
  ports: Array<{ name?: string; port: number; protocol: ServiceProtocol }>;
  /**
   * When the endpoints controllers last saw the selected pods change (the
   * endpoints.kubernetes.io/last-change-trigger-time annotation); absent: the
   * service's creation.
   */
  changedAt?: number;
  /** How many times the service's EndpointSlice was rewritten (its metadata.generation - 1). */
  sliceUpdates?: number;
}

export interface NamespaceObj {
  name: string;
  createdAt: number;
}

export interface HostLocalState {
  subnet: string;
  /** Like /run/cni-ipam-state/<net>/last_reserved_ip.0. */
  lastReserved?: string;
  /** ip -> "containerId\nifname", like the files host-local writes. Written only by cni/host-local.ts. */
  allocated: Record<string, string>;
}

export interface IptablesRule {
  chain: string;
  /** Arguments in iptables-save's canonical order. */
  spec: string[];
}

export interface IptablesTable {
  chains: Array<{ name: string; policy?: 'ACCEPT' | 'DROP' }>;
  rules: IptablesRule[];
}

/** A node's netfilter tables; filter and mangle appear once kubelet and kube-proxy have written to them. */
export interface NodeIptables {
  nat: IptablesTable;
  filter?: IptablesTable;
  mangle?: IptablesTable;
}

export interface KubeProxyState {
  /** Its DaemonSet pod runs. A stopped kube-proxy keeps its last rules and stops updating them. */
  running: boolean;
  /** Fingerprint of the services and endpoints its rules were last written from (control/kube-proxy.ts). */
  synced?: string;
}

export interface KindnetState {
  /** Its DaemonSet pod runs (the node runs and nobody stopped it). */
  running: boolean;
  nextSyncAt: number;
}

export interface DockerNetwork {
  name: string;
  subnet: string;
  gateway: string;
  /** Name of the bridge device in the docker host namespace (br-<12 hex of the network id>). */
  bridge: string;
}

export interface LogEntry {
  at: number;
  op: string;
  args: unknown[];
}

export interface ClusterOrigin {
  seed: number;
  profile: string;
  nodes: number;
  startAt: number;
  settleMs?: number;
}

export interface ClusterState {
  version: 1;
  /** How the cluster was created: reset() and log replay start from here. */
  origin: ClusterOrigin;
  seed: number;
  profile: string;
  clock: ClockState;
  draws: DrawsState;
  network: DockerNetwork;
  netns: Record<string, Netns>;
  nodes: NodeObj[];
  namespaces: NamespaceObj[];
  deployments: DeploymentObj[];
  replicaSets: ReplicaSetObj[];
  pods: PodObj[];
  services: ServiceObj[];
  endpoints: EndpointsObj[];
  /** Per node, per CNI network name: host-local state (/run/cni-ipam-state). */
  ipam: Record<string, Record<string, HostLocalState>>;
  kindnet: Record<string, KindnetState>;
  iptables: Record<string, NodeIptables>;
  /** Per node: kube-proxy (iptables mode); absent entries are written at its first sync. */
  kubeProxy?: Record<string, KubeProxyState>;
  files: Record<string, Record<string, string>>;
  /** Join counter: the next node gets pod CIDR 10.244.<n>.0/24 and IP .<n+2>. */
  nextNodeIndex: number;
  /** Operations applied since creation; replaying them rebuilds this state. */
  log: LogEntry[];
}
