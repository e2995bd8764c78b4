/**
 * Objects as the API server returns them (what `-o yaml|json`, jsonpath and
 * custom-columns read). Field sets follow v1.25 objects created by
 * `kubectl create deployment` and minikube; values the engine does not model
 * (resourceVersion, container IDs, image digests) are derived stably from the
 * object's identity so reading never changes the engine's state.
 */
import type { Engine } from '../../../engine';
import type { EndpointAddress, PodObj } from '../../../model/cluster';
import { TRIGGER_TIME_ANNOTATION } from '../../../control/endpointslices';
import { rfc3339 } from '../../format/kube-time';
import { derivedHex, derivedId, derivedUid, podReady, podsOfDeployment, podsOfReplicaSet, SAFE_ALPHABET, type KubeObject } from './model';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function resourceVersion(key: string, at: number): string {
  return String(400 + Math.floor(at / 1000) + (parseInt(derivedHex(key, 2), 16) % 7));
}

/** `updatedAt`: when the object was last written (resourceVersion grows with it). */
function meta(o: KubeObject, extra: Record<string, Json> = {}, uid?: string, updatedAt = o.createdAt): Record<string, Json> {
  const m: Record<string, Json> = { creationTimestamp: rfc3339(o.createdAt) };
  Object.assign(m, extra);
  if (Object.keys(o.labels).length > 0) m.labels = { ...o.labels };
  m.name = o.name;
  if (o.namespace) m.namespace = o.namespace;
  m.resourceVersion = resourceVersion(`${o.type}/${o.namespace}/${o.name}`, updatedAt);
  m.uid = uid ?? derivedUid(`${o.type}/${o.namespace}/${o.name}`);
  return sortKeys(m);
}

function sortKeys(m: Record<string, Json>): Record<string, Json> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

const TOLERATIONS: Json = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

function imageRef(image: string): string {
  if (/[:@]/.test(image.split('/').pop() ?? '')) return image;
  return `${image}:latest`;
}

export function containerId(pod: PodObj, container: string): string {
  return `docker://${derivedHex(`cid/${pod.uid}/${container}/${pod.sandboxId ?? ''}`, 64)}`;
}

function podApi(o: KubeObject & { type: 'pods' }, engine: Engine): Json {
  const p = o.pod;
  const extra: Record<string, Json> = {};
  if (p.owner?.kind === 'ReplicaSet') {
    extra.generateName = `${p.owner.name}-`;
    const rs = engine.replicaSets().find((r) => r.namespace === p.namespace && r.name === p.owner?.name);
    extra.ownerReferences = [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'ReplicaSet', name: p.owner.name, uid: rs?.uid ?? derivedUid(`rs/${p.namespace}/${p.owner.name}`) }];
  } else if (p.owner?.kind === 'DaemonSet') {
    extra.generateName = `${p.owner.name}-`;
    extra.ownerReferences = [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'DaemonSet', name: p.owner.name, uid: derivedUid(`ds/${p.namespace}/${p.owner.name}`) }];
  } else if (p.owner?.kind === 'Node') {
    extra.ownerReferences = [{ apiVersion: 'v1', controller: true, kind: 'Node', name: p.owner.name, uid: engine.nodes().find((n) => n.name === p.owner?.name)?.uid ?? '' }];
  }
  const tokenVolume = `kube-api-access-${derivedId(`vol/${p.uid}`, SAFE_ALPHABET, 5)}`;
  const spec: Record<string, Json> = {
    containers: p.containers.map((c) => ({
      image: c.image, imagePullPolicy: /:[^/]+$/.test(c.image) && !c.image.endsWith(':latest') ? 'IfNotPresent' : 'Always', name: c.name, resources: {},
      terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File',
      volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: tokenVolume, readOnly: true }],
    })),
    dnsPolicy: p.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    enableServiceLinks: true,
  };
  if (p.hostNetwork) spec.hostNetwork = true;
  if (p.node) spec.nodeName = p.node;
  Object.assign(spec, {
    preemptionPolicy: 'PreemptLowerPriority', priority: 0, restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {},
    serviceAccount: 'default', serviceAccountName: 'default', terminationGracePeriodSeconds: 30, tolerations: TOLERATIONS,
    volumes: [{ name: tokenVolume, projected: { defaultMode: 420, sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
      { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
    ] } }],
  });
  const ready = podReady(p);
  const t = rfc3339(p.createdAt);
  const cond = (type: string, status: boolean): Json => ({ lastProbeTime: null, lastTransitionTime: t, status: status ? 'True' : 'False', type });
  const status: Record<string, Json> = {
    conditions: p.node ? [cond('Initialized', true), cond('Ready', ready), cond('ContainersReady', ready), cond('PodScheduled', true)] : [cond('PodScheduled', false)],
  };
  if (p.node && p.phase === 'Running') {
    status.containerStatuses = p.containers.map((c) => ({
      containerID: containerId(p, c.name), image: imageRef(c.image), imageID: `docker-pullable://${c.image.replace(/:[^/]*$/, '')}@sha256:${derivedHex(`img/${c.image}`, 64)}`,
      lastState: {}, name: c.name, ready: c.ready, restartCount: c.restarts, started: c.ready, state: { running: { startedAt: rfc3339(c.startedAt) } },
    }));
  }
  const node = engine.nodes().find((n) => n.name === p.node);
  if (node) status.hostIP = node.internalIP;
  status.phase = p.phase;
  if (p.ip) {
    status.podIP = p.ip;
    status.podIPs = [{ ip: p.ip }];
  }
  status.qosClass = 'BestEffort';
  if (p.node) status.startTime = t;
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta(o, extra, p.uid), spec: sortKeys(spec), status };
}

function podTemplate(labels: Record<string, string>, name: string, image: string, port?: number): Json {
  const container: Record<string, Json> = { image, imagePullPolicy: 'Always', name };
  if (port !== undefined) container.ports = [{ containerPort: port, protocol: 'TCP' }];
  Object.assign(container, { resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  return {
    metadata: { creationTimestamp: null, labels },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: 'Always', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 },
  };
}

function containerNameOf(image: string): string {
  return image.split('/').pop()?.split(':')[0]?.replace(/[^a-z0-9-]/g, '-') ?? image;
}

/** An Endpoints object's identity: a new one with each new selector service; the apiserver's `kubernetes` one lasts. */
function endpointsKey(engine: Engine, namespace: string, name: string): string {
  const svc = engine.services().find((s) => s.namespace === namespace && s.name === name);
  return svc && Object.keys(svc.selector).length > 0 ? svc.uid : `${namespace}/${name}`;
}

/** A Service as the v1.25 apiserver returns it after defaulting and allocation. */
function serviceApi(o: KubeObject & { type: 'services' }, engine: Engine): Json {
  const s = o.svc;
  void engine;
  const spec: Record<string, Json> = {};
  const ports = s.ports.map((p) => sortKeys({ ...(p.name ? { name: p.name } : {}), ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort }));
  if (s.type === 'ExternalName') {
    // No address, no IP families, no traffic policies: the apiserver defaults none of them for ExternalName.
    spec.externalName = s.externalName ?? '';
    if (ports.length > 0) spec.ports = ports;
  } else {
    if (s.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts = true;
    Object.assign(spec, { clusterIP: s.clusterIP, clusterIPs: [s.clusterIP] });
    if (s.type !== 'ClusterIP') spec.externalTrafficPolicy = 'Cluster';
    Object.assign(spec, { internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    if (ports.length > 0) spec.ports = ports;
  }
  if (Object.keys(s.selector).length > 0) spec.selector = s.selector;
  spec.sessionAffinity = 'None';
  spec.type = s.type;
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(o, {}, s.uid), spec, status: { loadBalancer: {} } };
}

/** An EndpointSlice (discovery.k8s.io/v1) as the API returns it: `endpoints` and `ports` are null when empty. */
function sliceApi(o: KubeObject & { type: 'endpointslices' }): Json {
  const sl = o.slice;
  const extra: Record<string, Json> = {};
  if (sl.triggerTime !== undefined) extra.annotations = { [TRIGGER_TIME_ANNOTATION]: rfc3339(sl.triggerTime) };
  if (sl.generateName !== undefined) extra.generateName = sl.generateName;
  extra.generation = sl.generation;
  if (sl.owner) extra.ownerReferences = [{ apiVersion: 'v1', blockOwnerDeletion: true, controller: true, kind: 'Service', name: sl.owner.name, uid: sl.owner.uid }];
  const endpoints: Json = sl.endpoints === null ? null : sl.endpoints.map((e) => {
    const conditions: Record<string, Json> = { ready: e.ready };
    if (e.serving !== undefined) conditions.serving = e.serving;
    if (e.terminating !== undefined) conditions.terminating = e.terminating;
    return sortKeys({
      addresses: [e.ip], conditions, ...(e.nodeName ? { nodeName: e.nodeName } : {}),
      ...(e.pod ? { targetRef: { kind: 'Pod', name: e.pod.name, namespace: e.pod.namespace, uid: e.pod.uid } } : {}),
    });
  });
  return {
    addressType: sl.addressType, apiVersion: 'discovery.k8s.io/v1', endpoints, kind: 'EndpointSlice',
    metadata: meta(o, extra, sl.uid, sl.generation > 1 ? sl.triggerTime ?? sl.createdAt : sl.createdAt),
    ports: sl.ports === null ? null : sl.ports.map((p) => sortKeys({ name: p.name, port: p.port, protocol: p.protocol })),
  };
}

export function toApi(o: KubeObject, engine: Engine): Json {
  switch (o.type) {
    case 'pods':
      return podApi(o, engine);
    case 'nodes': {
      const n = o.node;
      const cond = (type: string, status: string, reason: string, message: string): Json => ({
        lastHeartbeatTime: rfc3339(engine.now), lastTransitionTime: rfc3339(type === 'Ready' ? n.readyTransitionAt : n.createdAt), message, reason, status, type,
      });
      return {
        apiVersion: 'v1', kind: 'Node',
        metadata: meta(o, { annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///var/run/cri-dockerd.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } }, n.uid),
        spec: { podCIDR: n.podCIDR, podCIDRs: [n.podCIDR] },
        status: {
          addresses: [{ address: n.internalIP, type: 'InternalIP' }, { address: n.name, type: 'Hostname' }],
          allocatable: NODE_CAPACITY, capacity: NODE_CAPACITY,
          conditions: [
            cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
            cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
            cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
            n.ready ? cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status') : cond('Ready', 'Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.'),
          ],
          daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
          nodeInfo: {
            architecture: 'amd64', bootID: derivedUid(`boot/${n.name}`), containerRuntimeVersion: n.containerRuntime, kernelVersion: n.kernelVersion,
            kubeProxyVersion: n.kubeletVersion, kubeletVersion: n.kubeletVersion, machineID: derivedHex(`machine/${n.name}`, 32), operatingSystem: 'linux',
            osImage: n.osImage, systemUUID: derivedUid(`sys/${n.name}`),
          },
        },
      };
    }
    case 'deployments': {
      const d = o.deployment;
      const pods = podsOfDeployment(engine, d);
      const ready = pods.filter(podReady).length;
      const status: Record<string, Json> = {};
      if (ready > 0) status.availableReplicas = ready;
      status.conditions = [
        { lastTransitionTime: rfc3339(d.createdAt), lastUpdateTime: rfc3339(d.createdAt), message: ready >= d.replicas ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.', reason: ready >= d.replicas ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', status: ready >= d.replicas ? 'True' : 'False', type: 'Available' },
        { lastTransitionTime: rfc3339(d.createdAt), lastUpdateTime: rfc3339(d.createdAt), message: `ReplicaSet "${d.name}-${engine.replicaSets().find((r) => r.deployment === d.name && r.namespace === d.namespace)?.hash ?? ''}" has successfully progressed.`, reason: 'NewReplicaSetAvailable', status: 'True', type: 'Progressing' },
      ];
      status.observedGeneration = 1;
      if (ready > 0) status.readyReplicas = ready;
      if (pods.length > 0) { status.replicas = pods.length; status.updatedReplicas = pods.length; }
      if (pods.length - ready > 0) status.unavailableReplicas = pods.length - ready;
      return {
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: meta(o, { annotations: { 'deployment.kubernetes.io/revision': '1' }, generation: 1 }, d.uid),
        spec: {
          progressDeadlineSeconds: 600, replicas: d.replicas, revisionHistoryLimit: 10, selector: { matchLabels: o.selector },
          strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
          template: podTemplate(d.labels, containerNameOf(d.image), d.image),
        },
        status,
      };
    }
    case 'replicasets': {
      const rs = o.rs;
      const pods = podsOfReplicaSet(engine, rs);
      const ready = pods.filter(podReady).length;
      const status: Record<string, Json> = {};
      if (ready > 0) status.availableReplicas = ready;
      status.fullyLabeledReplicas = pods.length;
      status.observedGeneration = 1;
      if (ready > 0) status.readyReplicas = ready;
      status.replicas = pods.length;
      const dep = engine.deployments().find((d) => d.namespace === rs.namespace && d.name === rs.deployment);
      return {
        apiVersion: 'apps/v1', kind: 'ReplicaSet',
        metadata: meta(o, {
          annotations: { 'deployment.kubernetes.io/desired-replicas': String(rs.replicas), 'deployment.kubernetes.io/max-replicas': String(rs.replicas + Math.ceil(rs.replicas / 4)), 'deployment.kubernetes.io/revision': '1' },
          generation: 1,
          ownerReferences: [{ apiVersion: 'apps/v1', blockOwnerDeletion: true, controller: true, kind: 'Deployment', name: rs.deployment, uid: dep?.uid ?? derivedUid(`deploy/${rs.namespace}/${rs.deployment}`) }],
        }, rs.uid),
        spec: { replicas: rs.replicas, selector: { matchLabels: o.selector }, template: podTemplate(o.selector, containerNameOf(rs.image), rs.image) },
        status,
      };
    }
    case 'daemonsets': {
      const ds = o.ds;
      const ready = ds.pods.filter(podReady).length;
      return {
        apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: meta(o, { annotations: { 'deprecated.daemonset.template.generation': '1' }, generation: 1 }, ds.uid),
        spec: { revisionHistoryLimit: 10, selector: { matchLabels: ds.selector }, template: podTemplate(ds.selector, ds.container, ds.image), updateStrategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 }, type: 'RollingUpdate' } },
        status: { currentNumberScheduled: ds.pods.length, desiredNumberScheduled: ds.pods.length, numberAvailable: ready, numberMisscheduled: 0, numberReady: ready, observedGeneration: 1, updatedNumberScheduled: ds.pods.length },
      };
    }
    case 'services':
      return serviceApi(o, engine);
    case 'endpoints': {
      const ep = o.ep;
      const extra: Record<string, Json> = o.triggerTime === undefined ? {} : { annotations: { [TRIGGER_TIME_ANNOTATION]: rfc3339(o.triggerTime) } };
      const body: Record<string, Json> = { apiVersion: 'v1', kind: 'Endpoints', metadata: meta(o, extra, derivedUid(`ep/${endpointsKey(engine, ep.namespace, ep.name)}`), Math.max(o.createdAt, ep.changedAt ?? 0)) };
      const address = (a: EndpointAddress): Json => sortKeys({ ip: a.ip, ...(a.nodeName ? { nodeName: a.nodeName } : {}), ...(a.targetRef ? { targetRef: { kind: 'Pod', name: a.targetRef.name, namespace: a.targetRef.namespace, uid: engine.findPod(`${a.targetRef.namespace}/${a.targetRef.name}`)?.uid ?? '' } } : {}) });
      const byIp = (a: EndpointAddress, b: EndpointAddress) => (a.ip < b.ip ? -1 : 1);
      const notReady = ep.notReadyAddresses ?? [];
      if (ep.addresses.length > 0 || notReady.length > 0) {
        const subset: Record<string, Json> = {};
        if (ep.addresses.length > 0) subset.addresses = [...ep.addresses].sort(byIp).map(address);
        if (notReady.length > 0) subset.notReadyAddresses = [...notReady].sort(byIp).map(address);
        if (ep.ports.length > 0) subset.ports = ep.ports.map((p) => sortKeys({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol }));
        body.subsets = [subset];
      }
      return sortKeys(body);
    }
    case 'endpointslices':
      return sliceApi(o);
    case 'namespaces':
      return { apiVersion: 'v1', kind: 'Namespace', metadata: meta(o), spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } };
    case 'events': {
      const e = o.ev;
      return {
        apiVersion: 'v1', count: 1, eventTime: null, firstTimestamp: rfc3339(e.at),
        involvedObject: { apiVersion: e.objectKind === 'pod' || e.objectKind === 'node' ? 'v1' : 'apps/v1', kind: e.objectKind === 'replicaset' ? 'ReplicaSet' : e.objectKind === 'deployment' ? 'Deployment' : e.objectKind === 'node' ? 'Node' : 'Pod', name: e.objectName, namespace: e.namespace },
        kind: 'Event', lastTimestamp: rfc3339(e.at), message: e.message, metadata: meta(o), reason: e.reason, reportingComponent: '', reportingInstance: '',
        source: e.source === 'kubelet' ? { component: 'kubelet', host: engine.findPod(`${e.namespace}/${e.objectName}`)?.node ?? '' } : { component: e.source }, type: e.type,
      };
    }
  }
}

/**
 * Capacity of a minikube docker-driver node: the host's CPUs and memory show
 * through the container. The lab fixes a typical laptop: 8 CPUs, ~16 GB, the
 * default 110 pods, hugepages 0, and a 100 GB disk.
 */
export const NODE_CAPACITY: Record<string, string> = {
  cpu: '8', 'ephemeral-storage': '102625208Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', memory: '16393940Ki', pods: '110',
};

/** `kubectl get -o json` of several objects: a v1 List. */
export function listApi(items: Json[]): Json {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
