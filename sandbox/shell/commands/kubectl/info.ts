/**
 * Read-only informational subcommands: logs, cluster-info (clusterinfo.go,
 * colours from go-colortext: ESC[0;32m / ESC[0;33m / ESC[0m), version (v1.25.2's
 * build info, the v1.25 deprecation WARNING on stderr), config
 * current-context/get-contexts, api-resources, explain.
 */
import { flagBool, flagInt, flagString, type FlagSpec } from '../../flags';
import { tabulate } from '../../format/tabwriter';
import { toGoJson, toYaml } from '../../format/kube-yaml';
import { rfc1123z, rfc3339 } from '../../format/kube-time';
import type { Engine } from '../../../engine';
import type { PodObj } from '../../../model/cluster';
import type { CommandContext } from '../../types';
import { connectionRefused, fail, matches, namespaceOf, parseOrFail, parseSelector } from './common';
import { RESOURCE_TYPES, deploymentsOf, podReady, podsOfDeployment, podsOfReplicaSet, listObjects, qualifiedPlural, replicaSetsOf, resolveType, typeNamed } from './model';
import { NGINX_VERSION } from '../net/http';
import { selectorMatches } from '../../../control/services';

const GIT_COMMIT = '5835544ca568b757a8ecae5c153f317e5736700e';

function versionInfo(server: boolean) {
  return {
    major: '1', minor: '25', gitVersion: 'v1.25.2', gitCommit: GIT_COMMIT, gitTreeState: 'clean',
    buildDate: server ? '2022-09-21T14:27:13Z' : '2022-09-21T14:33:49Z', goVersion: 'go1.19.1', compiler: 'gc', platform: 'linux/amd64',
  };
}

function goInfo(v: ReturnType<typeof versionInfo>): string {
  return `version.Info{Major:"${v.major}", Minor:"${v.minor}", GitVersion:"${v.gitVersion}", GitCommit:"${v.gitCommit}", GitTreeState:"${v.gitTreeState}", BuildDate:"${v.buildDate}", GoVersion:"${v.goVersion}", Compiler:"${v.compiler}", Platform:"${v.platform}"}`;
}

export function runVersion(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl version', args, [
    { name: 'client', type: 'bool' }, { name: 'short', type: 'bool' }, { name: 'output', short: 'o', type: 'string' },
  ]);
  if (!p) return 1;
  const output = flagString(p, 'output');
  if (output !== '' && output !== 'yaml' && output !== 'json') return fail(ctx, '--output must be \'yaml\' or \'json\'');
  const client = flagBool(p, 'client');
  const withServer = !client && ctx.cluster !== null;
  if (output !== '') {
    const doc: Record<string, unknown> = { clientVersion: versionInfo(false), kustomizeVersion: 'v4.5.7' };
    if (withServer) doc.serverVersion = versionInfo(true);
    ctx.io.out(output === 'json' ? toGoJson(doc, '  ') : toYaml(doc as never));
  } else if (flagBool(p, 'short')) {
    ctx.io.out('Client Version: v1.25.2\nKustomize Version: v4.5.7\n');
    if (withServer) ctx.io.out('Server Version: v1.25.2\n');
  } else {
    ctx.io.err('WARNING: This version information is deprecated and will be replaced with the output from kubectl version --short.  Use --output=yaml|json to get the full version.\n');
    ctx.io.out(`Client Version: ${goInfo(versionInfo(false))}\nKustomize Version: v4.5.7\n`);
    if (withServer) ctx.io.out(`Server Version: ${goInfo(versionInfo(true))}\n`);
  }
  if (!client && ctx.cluster === null) return connectionRefused(ctx);
  return 0;
}

function apiServer(ctx: CommandContext): string {
  const cp = ctx.cluster!.nodes().find((n) => n.roles.includes('control-plane')) ?? ctx.cluster!.nodes()[0];
  return `https://${cp?.internalIP ?? '192.168.49.2'}:8443`;
}

export function runClusterInfo(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl cluster-info', args, []);
  if (!p) return 1;
  if (p.positionals[0] === 'dump') return fail(ctx, 'podlab: "kubectl cluster-info dump" is not in this lab; try "kubectl get all -A" and "kubectl describe".');
  if (ctx.cluster === null) {
    ctx.io.err("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
    return connectionRefused(ctx);
  }
  const host = apiServer(ctx);
  const line = (name: string, link: string) => `\x1b[0;32m${name}\x1b[0m is running at \x1b[0;33m${link}\x1b[0m\n`;
  ctx.io.out(line('Kubernetes control plane', host));
  if (ctx.cluster.services().some((s) => s.namespace === 'kube-system' && s.name === 'kube-dns')) {
    ctx.io.out(line('CoreDNS', `${host}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy`));
  }
  ctx.io.out("\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n");
  return 0;
}

export function runConfig(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl config', args, [{ name: 'output', short: 'o', type: 'string' }, { name: 'minify', type: 'bool' }, { name: 'raw', type: 'bool' }]);
  if (!p) return 1;
  const sub = p.positionals[0];
  const profile = ctx.cluster?.state.profile;
  switch (sub) {
    case 'current-context':
      if (!profile) return fail(ctx, 'error: current-context is not set');
      ctx.io.out(`${profile}\n`);
      return 0;
    case 'get-contexts': {
      const rows = [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE']];
      if (profile) rows.push(['*', profile, profile, profile, 'default']);
      if (flagString(p, 'output') === 'name') {
        if (profile) ctx.io.out(`${profile}\n`);
        return 0;
      }
      ctx.io.out(tabulate(rows));
      return 0;
    }
    case 'view': {
      if (!profile) {
        ctx.io.out('apiVersion: v1\nclusters: null\ncontexts: null\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n');
        return 0;
      }
      const server = apiServer(ctx);
      const ext = (name: string) => ({ extension: { 'last-update': rfc1123z(0).replace('+0000', 'UTC'), provider: 'minikube.sigs.k8s.io', version: 'v1.27.1' }, name });
      ctx.io.out(toYaml({
        apiVersion: 'v1',
        clusters: [{ cluster: { 'certificate-authority': '/home/learner/.minikube/ca.crt', extensions: [ext('cluster_info')], server }, name: profile }],
        contexts: [{ context: { cluster: profile, extensions: [ext('context_info')], namespace: 'default', user: profile }, name: profile }],
        'current-context': profile, kind: 'Config', preferences: {},
        users: [{ name: profile, user: { 'client-certificate': `/home/learner/.minikube/profiles/${profile}/client.crt`, 'client-key': `/home/learner/.minikube/profiles/${profile}/client.key` } }],
      }));
      return 0;
    }
    case undefined:
      return fail(ctx, "error: Missing or incomplete configuration info.  Please point to an existing, complete config file:\n\n\n  1. Via the command-line flag --kubeconfig\n  2. Via the KUBECONFIG environment variable\n  3. In your home directory as ~/.kube/config\n\nTo view or setup config directly use the 'config' command.");
    default:
      if (['use-context', 'set-context', 'set-cluster', 'set-credentials', 'delete-context', 'delete-cluster', 'rename-context', 'set', 'unset', 'get-clusters', 'get-users', 'delete-user'].includes(sub)) {
        return fail(ctx, `podlab: "kubectl config ${sub}" is not in this lab; minikube manages the one context, "${profile ?? 'minikube'}".`);
      }
      return fail(ctx, `error: unknown command "${sub}" for "kubectl config"`);
  }
}

export function runApiResources(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl api-resources', args, [
    { name: 'output', short: 'o', type: 'string' }, { name: 'namespaced', type: 'bool' }, { name: 'api-group', type: 'string' },
    { name: 'no-headers', type: 'bool' }, { name: 'sort-by', type: 'string' }, { name: 'verbs', type: 'stringArray' }, { name: 'cached', type: 'bool' },
  ]);
  if (!p) return 1;
  if (ctx.cluster === null) return connectionRefused(ctx);
  const output = flagString(p, 'output');
  if (output !== '' && output !== 'wide' && output !== 'name') return fail(ctx, `error: --output ${output} is not available`);
  let types = [...RESOURCE_TYPES];
  if (p.values.has('namespaced')) types = types.filter((t) => t.namespaced === flagBool(p, 'namespaced'));
  if (p.values.has('api-group')) types = types.filter((t) => t.group === flagString(p, 'api-group'));
  if (output === 'name') {
    for (const t of types) ctx.io.out(`${t.group ? `${t.plural}.${t.group}` : t.plural}\n`);
    return 0;
  }
  const rows = types.map((t) => [t.plural, t.short.join(','), t.group ? `${t.group}/${t.version}` : t.version, String(t.namespaced), t.kind]);
  ctx.io.out(tabulate(flagBool(p, 'no-headers') ? rows : [['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'], ...rows]));
  return 0;
}

/** The apiVersion, kind and metadata fields every object's explain text starts with. */
const TYPE_META_FIELDS = `   apiVersion	<string>
     APIVersion defines the versioned schema of this representation of an
     object. Servers should convert recognized schemas to the latest internal
     value, and may reject unrecognized values. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources

   kind	<string>
     Kind is a string value representing the REST resource this object
     represents. Servers may infer this from the endpoint the client submits
     requests to. Cannot be updated. In CamelCase. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds

   metadata	<Object>
     Standard object's metadata. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata
`;

const EXPLAIN: Record<string, string> = {
  pods: `KIND:     Pod
VERSION:  v1

DESCRIPTION:
     Pod is a collection of containers that can run on a host. This resource is
     created by clients and scheduled onto hosts.

FIELDS:
${TYPE_META_FIELDS}
   spec	<Object>
     Specification of the desired behavior of the pod. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

   status	<Object>
     Most recently observed status of the pod. This data may not be up to date.
     Populated by the system. Read-only. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

`,
  deployments: `KIND:     Deployment
VERSION:  apps/v1

DESCRIPTION:
     Deployment enables declarative updates for Pods and ReplicaSets.

FIELDS:
${TYPE_META_FIELDS}
   spec	<Object>
     Specification of the desired behavior of the Deployment.

   status	<Object>
     Most recently observed status of the Deployment.

`,
  services: `KIND:     Service
VERSION:  v1

DESCRIPTION:
     Service is a named abstraction of software service (for example, mysql)
     consisting of local port (for example 3306) that the proxy listens on, and
     the selector that determines which pods will answer requests sent through
     the proxy.

FIELDS:
${TYPE_META_FIELDS}
   spec	<Object>
     Spec defines the behavior of a service.
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

   status	<Object>
     Most recently observed status of the service. Populated by the system.
     Read-only. More info:
     https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#spec-and-status

`,
};

export function runExplain(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl explain', args, [{ name: 'recursive', type: 'bool' }, { name: 'api-version', type: 'string' }]);
  if (!p) return 1;
  const word = p.positionals[0];
  if (word === undefined) {
    return fail(ctx, 'You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nSee \'kubectl explain -h\' for help and examples');
  }
  if (ctx.cluster === null) return connectionRefused(ctx);
  const [typeWord, ...path] = word.split('.');
  const t = resolveType(typeWord as string);
  if (!t) return fail(ctx, `error: the server doesn't have a resource type "${typeWord}"`);
  const text = EXPLAIN[t.plural];
  if (!text || path.length > 0) return fail(ctx, `podlab: this lab's explain covers the top level of pods, deployments and services.`);
  ctx.io.out(text);
  return 0;
}


export function runLogs(ctx: CommandContext, args: string[]): number {
  const flags: FlagSpec[] = [
    { name: 'container', short: 'c', type: 'string' }, { name: 'follow', short: 'f', type: 'bool' }, { name: 'previous', short: 'p', type: 'bool' },
    { name: 'tail', type: 'int' }, { name: 'timestamps', type: 'bool' }, { name: 'since', type: 'string' }, { name: 'all-containers', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' }, { name: 'prefix', type: 'bool' },
  ];
  const p = parseOrFail(ctx, 'kubectl logs', args, flags);
  if (!p) return 1;
  const usage = "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples";
  const [target, inlineContainer] = p.positionals;
  const selector = flagString(p, 'selector');
  // kubectl's own checks, in its order: the argument count, then a selector beside a name, then two container names.
  if (p.positionals.length > 2 || (target === undefined && !selector)) return fail(ctx, usage);
  if (p.positionals.length === 1 && selector) return fail(ctx, "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples");
  if (inlineContainer !== undefined && flagString(p, 'container')) return fail(ctx, "error: only one of -c or an inline [CONTAINER] arg is allowed\nSee 'kubectl logs -h' for help and examples");
  const container = inlineContainer ?? flagString(p, 'container');
  // --tail=-1 (all) unless given; with a selector kubectl shows the last 10 lines of each pod unless told otherwise.
  const tail = flagInt(p, 'tail') ?? (selector ? 10 : -1);
  if (ctx.cluster === null) return connectionRefused(ctx);
  const ns = namespaceOf(p);
  const shown = { container, tail, prefix: flagBool(p, 'prefix'), previous: flagBool(p, 'previous') };
  if (selector) {
    // Every matching pod, in the API's order (by name), one after the other.
    const reqs = parseSelector(selector);
    if (typeof reqs === 'string') return fail(ctx, `error: ${reqs}`);
    const pods = listObjects(ctx.cluster, 'pods', ns).flatMap((o) => (o.type === 'pods' && matches(reqs, o.labels) ? [o.pod] : []));
    if (pods.length === 0) {
      ctx.io.err(`No resources found in ${ns} namespace.\n`);
      return 0;
    }
    for (const pod of pods) {
      const code = printLogs(ctx, pod, shown);
      if (code !== 0) return code;
    }
    return 0;
  }
  const chosen = podForLogs(ctx.cluster, ns, target as string);
  if (typeof chosen === 'string') return fail(ctx, chosen);
  // kubectl says which pod it reads when the object has more than one (on stderr, so a pipe gets the logs alone).
  if (chosen.of > 1) ctx.io.err(`Found ${chosen.of} pods, using pod/${chosen.pod.name}\n`);
  return printLogs(ctx, chosen.pod, shown);
}

/**
 * The pod `kubectl logs TYPE/NAME` reads: for a workload or service, the
 * first of its pods in kubectl's "by logging" order (scheduled, running,
 * ready, ready the longest, most restarts, oldest), and how many it had.
 */
function podForLogs(engine: Engine, ns: string, target: string): { pod: PodObj; of: number } | string {
  const slash = target.indexOf('/');
  const name = slash < 0 ? target : target.slice(slash + 1);
  const t = slash < 0 ? typeNamed('pods') : resolveType(target.slice(0, slash));
  if (!t) return `error: the server doesn't have a resource type "${target.slice(0, slash)}"`;
  const notFound = `Error from server (NotFound): ${qualifiedPlural(t)} "${name}" not found`;
  let pods: PodObj[];
  switch (t.plural) {
    case 'pods': {
      const pod = engine.pods(ns).find((x) => x.name === name);
      return pod ? { pod, of: 1 } : notFound;
    }
    case 'deployments': {
      const d = deploymentsOf(engine).find((x) => x.namespace === ns && x.name === name);
      if (!d) return notFound;
      pods = podsOfDeployment(engine, d);
      break;
    }
    case 'replicasets': {
      const rs = replicaSetsOf(engine).find((x) => x.namespace === ns && x.name === name);
      if (!rs) return notFound;
      pods = podsOfReplicaSet(engine, rs);
      break;
    }
    case 'daemonsets':
      pods = engine.pods(ns).filter((x) => x.owner?.kind === 'DaemonSet' && x.owner.name === name);
      if (pods.length === 0) return notFound;
      break;
    case 'services': {
      const svc = engine.services().find((x) => x.namespace === ns && x.name === name);
      if (!svc) return notFound;
      // A service without a selector has no pods of its own to read.
      if (Object.keys(svc.selector).length === 0) return `error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`;
      pods = engine.pods(ns).filter((x) => selectorMatches(svc.selector, x.labels));
      break;
    }
    default: {
      // kubectl reads the object first: one that is not there is NotFound; one that is has no logs of its own.
      const found = t.backed && listObjects(engine, t.plural, t.namespaced ? ns : null).some((o) => o.name === name);
      return found ? `error: cannot get the logs from *${t.version}.${t.kind}` : notFound;
    }
  }
  // kubectl waits (--pod-running-timeout, 20s) for a pod that never comes.
  if (pods.length === 0) return 'error: timed out waiting for the condition';
  const phase = (x: PodObj) => (x.phase === 'Running' ? 0 : 1);
  const readySince = (x: PodObj) => x.readyAt ?? Number.POSITIVE_INFINITY;
  const restarts = (x: PodObj) => Math.max(0, ...x.containers.map((c) => c.restarts));
  const sorted = [...pods].sort((a, b) =>
    Number(a.node === '') - Number(b.node === '') || phase(a) - phase(b) || Number(podReady(b)) - Number(podReady(a)) ||
    (podReady(a) && podReady(b) ? readySince(a) - readySince(b) : 0) || restarts(b) - restarts(a) || a.createdAt - b.createdAt ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { pod: sorted[0] as PodObj, of: pods.length };
}

/** What one pod's container has printed since it started (the images the lab knows say what they say on start). */
function printLogs(ctx: CommandContext, pod: PodObj, o: { container: string; tail: number; prefix: boolean; previous: boolean }): number {
  const c = o.container ? pod.containers.find((x) => x.name === o.container) : pod.containers[0];
  if (!c) return fail(ctx, `error: container ${o.container} is not valid for pod ${pod.name}`);
  if (o.previous) return fail(ctx, `Error from server (BadRequest): previous terminated container "${c.name}" in pod "${pod.name}" not found`);
  if (pod.phase !== 'Running') return fail(ctx, `Error from server (BadRequest): container "${c.name}" in pod "${pod.name}" is waiting to start: ContainerCreating`);
  const lines: string[] = [];
  // rancher/hello-world's Go server says one line when it starts listening (main.go).
  if (/(^|\/)hello-world([:@]|$)/.test(c.image) && /rancher\//.test(c.image)) lines.push('Running http service at 80 port');
  if (/nginx/.test(c.image)) {
    const when = rfc3339(c.startedAt).replace('T', ' ').replace('Z', '').replace(/-/g, '/');
    lines.push(
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      `${when} [notice] 1#1: using the "epoll" event method`,
      `${when} [notice] 1#1: nginx/${NGINX_VERSION}`,
      `${when} [notice] 1#1: start worker processes`,
    );
  }
  const tag = o.prefix ? `[pod/${pod.name}/${c.name}] ` : '';
  const shown = o.tail >= 0 ? lines.slice(Math.max(0, lines.length - o.tail)) : lines;
  if (shown.length > 0) ctx.io.out(shown.map((l) => `${tag}${l}\n`).join(''));
  return 0;
}
