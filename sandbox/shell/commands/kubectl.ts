import { humanDuration } from '../format/age';
import { tabulate } from '../format/tabwriter';
import { suggestionsFor } from '../suggest';
import type { CommandContext, CommandSpec } from '../types';
import type { NodeObj } from '../../model/cluster';

/** kubectl v1.25's top-level commands, for "unknown command" suggestions. */
const KUBECTL_COMMANDS = [
  'create', 'expose', 'run', 'set', 'explain', 'get', 'edit', 'delete', 'rollout', 'scale', 'autoscale',
  'certificate', 'cluster-info', 'top', 'cordon', 'uncordon', 'drain', 'taint', 'describe', 'logs', 'attach',
  'exec', 'port-forward', 'proxy', 'cp', 'auth', 'debug', 'events', 'diff', 'apply', 'patch', 'replace', 'wait',
  'kustomize', 'label', 'annotate', 'completion', 'alpha', 'api-resources', 'api-versions', 'config', 'plugin',
  'version', 'options', 'help',
];

/** Resource names kubectl resolves to nodes. */
const NODE_NAMES = new Set(['nodes', 'node', 'no']);

/** Resource types a real v1.25 cluster serves that this walking skeleton does not model yet. */
const KNOWN_TYPES = new Set([
  'pods', 'pod', 'po', 'deployments', 'deployment', 'deploy', 'replicasets', 'replicaset', 'rs', 'services',
  'service', 'svc', 'endpoints', 'ep', 'endpointslices', 'endpointslice', 'namespaces', 'namespace', 'ns',
  'events', 'event', 'ev', 'configmaps', 'configmap', 'cm', 'secrets', 'secret', 'daemonsets', 'daemonset', 'ds',
]);

const OUTPUT_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

const KUBECTL_SHORT_HELP = `kubectl controls the Kubernetes cluster manager.

 Find more information at: https://kubernetes.io/docs/reference/kubectl/

Basic Commands (Beginner):
  create          Create a resource from a file or from stdin
  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service
  run             Run a particular image on the cluster
  set             Set specific features on objects

Basic Commands (Intermediate):
  explain         Get documentation for a resource
  get             Display one or many resources
  edit            Edit a resource on the server
  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector

Usage:
  kubectl [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

function connectionRefused(ctx: CommandContext): number {
  ctx.io.err('The connection to the server localhost:8080 was refused - did you specify the right host or port?\n');
  return 1;
}

function nodeRows(nodes: readonly NodeObj[], now: number, wide: boolean): string[][] {
  const header = ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'];
  if (wide) header.push('INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME');
  const rows = nodes.map((n) => {
    const row = [
      n.name,
      n.ready ? 'Ready' : 'NotReady',
      n.roles.length > 0 ? n.roles.join(',') : '<none>',
      humanDuration(now - n.createdAt),
      n.kubeletVersion,
    ];
    if (wide) row.push(n.internalIP, '<none>', n.osImage, n.kernelVersion, n.containerRuntime);
    return row;
  });
  return [header, ...rows];
}

function get(ctx: CommandContext, args: string[]): number {
  const { io } = ctx;
  const positional: string[] = [];
  let output = '';
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (a === '-o' || a === '--output') {
      const value = args[i + 1];
      if (value === undefined) {
        io.err(`error: flag needs an argument: ${a === '-o' ? "'o' in -o" : '--output'}\nSee 'kubectl get --help' for usage.\n`);
        return 1;
      }
      output = value;
      i += 1;
    } else if (a.startsWith('--output=')) output = a.slice('--output='.length);
    else if (a.startsWith('-o=')) output = a.slice(3);
    else if (a.startsWith('-o') && a.length > 2) output = a.slice(2);
    else if (a.startsWith('--')) {
      io.err(`error: unknown flag: ${a.split('=')[0]}\nSee 'kubectl get --help' for usage.\n`);
      return 1;
    } else if (a.startsWith('-') && a.length > 1) {
      io.err(`error: unknown shorthand flag: '${a[1]}' in ${a}\nSee 'kubectl get --help' for usage.\n`);
      return 1;
    } else positional.push(a);
  }
  if (output !== '' && output !== 'wide' && output !== 'name') {
    io.err(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${OUTPUT_FORMATS}\n`);
    return 1;
  }
  const type = positional[0];
  if (type === undefined) {
    io.err(
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples\n",
    );
    return 1;
  }
  if (ctx.cluster === null) return connectionRefused(ctx);
  const kind = type.split('/')[0]?.toLowerCase() ?? '';
  if (!NODE_NAMES.has(kind)) {
    if (KNOWN_TYPES.has(kind)) {
      io.err(`podlab: this lab does not model ${kind} yet; try "kubectl get nodes".\n`);
      return 1;
    }
    io.err(`error: the server doesn't have a resource type "${type}"\n`);
    return 1;
  }
  let nodes = ctx.cluster.nodes();
  const names = type.includes('/') ? [type.slice(type.indexOf('/') + 1)] : positional.slice(1);
  if (names.length > 0) {
    const missing = names.filter((name) => !nodes.some((n) => n.name === name));
    nodes = names.flatMap((name) => nodes.filter((n) => n.name === name));
    for (const name of missing) io.err(`Error from server (NotFound): nodes "${name}" not found\n`);
    if (nodes.length === 0) return 1;
  }
  if (output === 'name') {
    for (const n of nodes) io.out(`node/${n.name}\n`);
  } else {
    io.out(tabulate(nodeRows(nodes, ctx.now, output === 'wide')));
  }
  return names.length > 0 && nodes.length < names.length ? 1 : 0;
}

export const kubectl: CommandSpec = {
  name: 'kubectl',
  summary: 'talk to the Kubernetes API server',
  usage: 'kubectl [flags] [options]',
  subcommands: KUBECTL_COMMANDS,
  run(ctx) {
    const [sub, ...rest] = ctx.args;
    if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') {
      ctx.io.out(KUBECTL_SHORT_HELP);
      return 0;
    }
    if (sub === 'get') return get(ctx, rest);
    if (!KUBECTL_COMMANDS.includes(sub)) {
      const suggestions = suggestionsFor(sub, KUBECTL_COMMANDS);
      let message = `error: unknown command "${sub}" for "kubectl"\n`;
      if (suggestions.length > 0) message += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
      ctx.io.err(message);
      return 1;
    }
    ctx.io.err(`podlab: "kubectl ${sub}" is not in this lab yet; "kubectl get nodes" is.\n`);
    return 1;
  },
};
