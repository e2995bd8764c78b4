/** What `minikube start` (v1.27.1, docker driver) installs, as FIDELITY.md records it. */
export const KUBE_VERSION = 'v1.25.2';
export const OS_IMAGE = 'Ubuntu 20.04.5 LTS';
export const KERNEL_VERSION = '4.15.0-193-generic';
export const CONTAINER_RUNTIME = 'docker://20.10.18';
export const MINIKUBE_VERSION = 'v1.27.1';
export const POD_SUBNET = '10.244.0.0/16';
export const SERVICE_SUBNET = '10.96.0.0/12';
/** minikube tries these docker networks in order (network.FreeSubnet: start .49, step 9). */
export const DOCKER_NETWORKS = ['192.168.49.0', '192.168.58.0', '192.168.67.0', '192.168.76.0', '192.168.85.0', '192.168.94.0', '192.168.103.0'];
export const APISERVER_PORT = 8443;
export const NODE_MONITOR_GRACE_MS = 40_000;
export const IMAGES = {
  coredns: 'registry.k8s.io/coredns/coredns:v1.9.3',
  etcd: 'registry.k8s.io/etcd:3.5.4-0',
  apiserver: `registry.k8s.io/kube-apiserver:${KUBE_VERSION}`,
  controllerManager: `registry.k8s.io/kube-controller-manager:${KUBE_VERSION}`,
  scheduler: `registry.k8s.io/kube-scheduler:${KUBE_VERSION}`,
  proxy: `registry.k8s.io/kube-proxy:${KUBE_VERSION}`,
  kindnet: 'kindest/kindnetd:v20220726-ed811e41',
  storageProvisioner: 'gcr.io/k8s-minikube/storage-provisioner:v5',
};
/** coredns' ReplicaSet hash is a pure function of its manifest, the same in every v1.25 cluster. */
export const COREDNS_TEMPLATE_HASH = '565d847f94';
