import { Engine } from '../../engine';
import type { NodeObj } from '../../model/cluster';
import { sshPlace } from '../places';
import { suggestionsFor } from '../suggest';
import type { CommandContext, CommandSpec } from '../types';

/**
 * minikube v1.27.1 with the docker driver, the release whose default
 * Kubernetes is the article's v1.25.2. The lab runs one cluster at a time.
 */
const VERSION = 'v1.27.1';
const K8S = 'v1.25.2';
const HOST_OS = 'Ubuntu 22.04';
const SUBCOMMANDS = ['start', 'status', 'stop', 'delete', 'ip', 'ssh', 'node', 'profile'];

interface Parsed {
  profile: string;
  nodes: number;
  node?: string;
  rest: string[];
  afterDashes: string[];
  flags: Map<string, string>;
  error?: string;
}

const VALUE_FLAGS = new Map<string, string>([
  ['-p', 'profile'], ['--profile', 'profile'], ['-n', 'node'], ['--node', 'node'], ['--nodes', 'nodes'],
  ['--driver', 'driver'], ['--vm-driver', 'driver'], ['--cni', 'cni'], ['--kubernetes-version', 'kubernetes-version'],
  ['--container-runtime', 'container-runtime'], ['--cpus', 'cpus'], ['--memory', 'memory'],
]);
const BOOL_FLAGS = new Set(['--all', '--purge', '--alsologtostderr', '-h', '--help']);

function parse(args: string[], defaultProfile: string): Parsed {
  const flags = new Map<string, string>();
  const rest: string[] = [];
  let afterDashes: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (a === '--') {
      afterDashes = args.slice(i + 1);
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      rest.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : a;
    if (BOOL_FLAGS.has(name)) {
      flags.set(name.replace(/^-+/, ''), 'true');
      continue;
    }
    const key = VALUE_FLAGS.get(name);
    if (key === undefined) {
      const shown = name.startsWith('--') ? name : `shorthand flag: '${name.slice(1, 2)}' in ${a}`;
      return { profile: defaultProfile, nodes: 1, rest, afterDashes, flags, error: name.startsWith('--') ? `unknown flag: ${shown}` : `unknown ${shown}` };
    }
    const value = eq > 0 ? a.slice(eq + 1) : args[i + 1];
    if (value === undefined) return { profile: defaultProfile, nodes: 1, rest, afterDashes, flags, error: `flag needs an argument: ${name}` };
    if (eq < 0) i += 1;
    flags.set(key, value);
  }
  const nodesText = flags.get('nodes') ?? '1';
  const nodes = /^\d+$/.test(nodesText) ? Number(nodesText) : Number.NaN;
  const parsed: Parsed = { profile: flags.get('profile') ?? defaultProfile, nodes, rest, afterDashes, flags };
  const node = flags.get('node');
  if (node !== undefined) parsed.node = node;
  if (Number.isNaN(nodes)) parsed.error = `invalid argument "${nodesText}" for "--nodes" flag: strconv.ParseInt: parsing "${nodesText}": invalid syntax`;
  return parsed;
}

function usageError(ctx: CommandContext, sub: string, message: string): number {
  ctx.io.err(`Error: ${message}\nSee 'minikube ${sub} --help' for usage.\n`);
  return 64;
}

function profileNotFound(ctx: CommandContext, profile: string): number {
  ctx.io.out(`🤷  Profile "${profile}" not found. Run "minikube profile list" to view all profiles.\n`);
  ctx.io.out(`👉  To start a cluster, run: "minikube start${profile === 'minikube' ? '' : ` -p ${profile}`}"\n`);
  return 85;
}

/** The running cluster if it is the profile asked for. */
function clusterFor(ctx: CommandContext, profile: string): Engine | null {
  return ctx.cluster && ctx.cluster.state.profile === profile ? ctx.cluster : null;
}

/** `-n m02` and `-n multinode-demo-m02` both name the second node. */
function findNode(engine: Engine, name: string | undefined): NodeObj | undefined {
  const nodes = engine.nodes();
  if (name === undefined) return nodes[0];
  return nodes.find((n) => n.name === name || n.name === `${engine.state.profile}-${name}`);
}

function start(ctx: CommandContext, p: Parsed): number {
  const { io } = ctx;
  const driver = p.flags.get('driver') ?? 'docker';
  if (driver !== 'docker') {
    io.err(`podlab: this lab simulates minikube's docker driver only; run "minikube start" without --driver=${driver}.\n`);
    return 1;
  }
  const cni = p.flags.get('cni') ?? 'auto';
  if (!['auto', 'kindnet'].includes(cni)) {
    io.err(`podlab: this lab lays its pod network with kindnet; --cni=${cni} is not simulated (leave --cni out or use --cni=kindnet).\n`);
    return 1;
  }
  const version = p.flags.get('kubernetes-version') ?? K8S;
  if (version.replace(/^v?/, 'v') !== K8S) {
    io.err(`podlab: this lab simulates Kubernetes ${K8S} only; leave --kubernetes-version out.\n`);
    return 1;
  }
  if (!Number.isInteger(p.nodes) || p.nodes < 1) {
    io.err(`❌  Exiting due to GUEST_NODE_ADD: Number of nodes must be a positive integer, got ${p.nodes}\n`);
    return 1;
  }
  if (p.nodes > 20) {
    io.err(`podlab: the lab keeps clusters to at most 20 nodes, got --nodes ${p.nodes}.\n`);
    return 1;
  }
  if (ctx.cluster && ctx.cluster.state.profile !== p.profile) {
    io.err(`podlab: this lab runs one cluster at a time and "${ctx.cluster.state.profile}" exists; run "minikube delete -p ${ctx.cluster.state.profile}" first.\n`);
    return 1;
  }
  const prefix = p.profile === 'minikube' ? '' : `[${p.profile}] `;
  io.out(`😄  ${prefix}minikube ${VERSION} on ${HOST_OS}\n`);
  if (ctx.cluster) {
    io.out('✨  Using the docker driver based on existing profile\n');
    io.out(`👍  Starting control plane node ${p.profile} in cluster ${p.profile}\n`);
    io.out(`🏃  Updating the running docker "${p.profile}" container ...\n`);
    io.out(`🐳  Preparing Kubernetes ${K8S} on Docker 20.10.18 ...\n`);
    io.out(`🏄  Done! kubectl is now configured to use "${p.profile}" cluster and "default" namespace by default\n`);
    return 0;
  }
  const engine = Engine.create({ seed: ctx.shell.seed, profile: p.profile, nodes: p.nodes, startAt: ctx.now, settleMs: 15_000 });
  const nodes = engine.nodes();
  io.out('✨  Automatically selected the docker driver\n');
  io.out('📌  Using Docker driver with root privileges\n');
  nodes.forEach((node, i) => {
    if (i === 0) io.out(`👍  Starting control plane node ${node.name} in cluster ${p.profile}\n`);
    else io.out(`\n👍  Starting worker node ${node.name} in cluster ${p.profile}\n`);
    io.out('🚜  Pulling base image ...\n');
    io.out('🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n');
    if (i > 0) io.out(`🌐  Found network options:\n    ▪ NO_PROXY=${nodes[0]?.internalIP}\n`);
    io.out(`🐳  Preparing Kubernetes ${K8S} on Docker 20.10.18 ...\n`);
    if (i === 0) {
      io.out('    ▪ Generating certificates and keys ...\n    ▪ Booting up control plane ...\n    ▪ Configuring RBAC rules ...\n');
      io.out('🔗  Configuring CNI (Container Networking Interface) ...\n');
      io.out('🔎  Verifying Kubernetes components...\n    ▪ Using image gcr.io/k8s-minikube/storage-provisioner:v5\n');
      io.out('🌟  Enabled addons: storage-provisioner, default-storageclass\n');
    } else {
      io.out(`    ▪ env NO_PROXY=${nodes[0]?.internalIP}\n🔎  Verifying Kubernetes components...\n`);
    }
  });
  io.out(`🏄  Done! kubectl is now configured to use "${p.profile}" cluster and "default" namespace by default\n`);
  ctx.shell.setCluster(engine);
  return 0;
}

function status(ctx: CommandContext, p: Parsed): number {
  const engine = clusterFor(ctx, p.profile);
  if (!engine) return profileNotFound(ctx, p.profile);
  let code = 0;
  engine.nodes().forEach((n, i) => {
    const up = n.container === 'running';
    const state = up ? 'Running' : 'Stopped';
    if (!up) code = 7;
    ctx.io.out(`${n.name}\ntype: ${i === 0 ? 'Control Plane' : 'Worker'}\nhost: ${state}\nkubelet: ${state}\n`);
    if (i === 0) ctx.io.out(`apiserver: ${state}\nkubeconfig: ${up ? 'Configured' : 'Stopped'}\n`);
    ctx.io.out('\n');
  });
  return code;
}

/** The node `-p`/`-n` name, or the exit status minikube gives when there is none. */
function targetNode(ctx: CommandContext, p: Parsed): NodeObj | number {
  const engine = clusterFor(ctx, p.profile);
  if (!engine) return profileNotFound(ctx, p.profile);
  const node = findNode(engine, p.node);
  if (node) return node;
  ctx.io.err(`❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node ${p.node}\n`);
  return 85;
}

function ip(ctx: CommandContext, p: Parsed): number {
  const node = targetNode(ctx, p);
  if (typeof node === 'number') return node;
  ctx.io.out(`${node.internalIP}\n`);
  return 0;
}

function ssh(ctx: CommandContext, p: Parsed): number {
  const node = targetNode(ctx, p);
  if (typeof node === 'number') return node;
  if (node.container !== 'running') {
    ctx.io.err(`❌  Exiting due to DRV_CP_ENDPOINT: Unable to get control-plane node ${node.name} endpoint: failed to lookup ip for ""\n`);
    return 80;
  }
  const words = [...p.rest, ...p.afterDashes];
  // ssh joins its words into one line for the remote shell: `minikube ssh 'ip route | head -2'` and `minikube ssh -- ip route` alike.
  if (words.length > 0) return ctx.shell.runLineIn(sshPlace(node.name), words.join(' '), ctx.io);
  ctx.shell.enter(sshPlace(node.name));
  return 0;
}

function stop(ctx: CommandContext, p: Parsed): number {
  const engine = clusterFor(ctx, p.profile);
  if (!engine) return profileNotFound(ctx, p.profile);
  const nodes = engine.nodes().filter((n) => n.container === 'running');
  for (const n of nodes) {
    ctx.io.out(`✋  Stopping node "${n.name}"  ...\n🛑  Powering off "${n.name}" via SSH ...\n`);
    engine.nodeStop(n.name);
  }
  ctx.io.out(`🛑  ${nodes.length} node${nodes.length === 1 ? '' : 's'} stopped.\n`);
  return 0;
}

function remove(ctx: CommandContext, p: Parsed): number {
  const engine = p.flags.has('all') ? ctx.cluster : clusterFor(ctx, p.profile);
  if (!engine) {
    ctx.io.out(`🤷  Profile "${p.profile}" not found. Run "minikube profile list" to view all profiles.\n`);
    return 0;
  }
  const profile = engine.state.profile;
  ctx.io.out(`🔥  Deleting "${profile}" in docker ...\n`);
  for (const n of engine.nodes()) ctx.io.out(`🔥  Deleting container "${n.name}" ...\n`);
  ctx.io.out(`🔥  Removing /home/learner/.minikube/machines/${profile} ...\n`);
  for (const n of engine.nodes().slice(1)) ctx.io.out(`🔥  Removing /home/learner/.minikube/machines/${n.name} ...\n`);
  ctx.io.out(`💀  Removed all traces of the "${profile}" cluster.\n`);
  ctx.shell.setCluster(null);
  return 0;
}

function node(ctx: CommandContext, p: Parsed): number {
  const [action, name] = p.rest;
  const engine = clusterFor(ctx, p.profile);
  if (action === undefined) {
    ctx.io.err('❌  Exiting due to MK_USAGE: Usage: minikube node [add|start|stop|delete|list]\n');
    return 64;
  }
  if (!['add', 'start', 'stop', 'delete', 'list'].includes(action)) return usageError(ctx, 'node', `unknown command "${action}" for "minikube node"`);
  if (!engine) return profileNotFound(ctx, p.profile);
  if (action === 'list') {
    for (const n of engine.nodes()) ctx.io.out(`${n.name}\t${n.internalIP}\n`);
    return 0;
  }
  if (action === 'add') {
    const before = new Set(engine.nodes().map((n) => n.name));
    const result = engine.nodeAdd();
    if ('error' in result) {
      ctx.io.err(`❌  Exiting due to GUEST_NODE_ADD: ${result.error}\n`);
      return 80;
    }
    const added = engine.nodes().find((n) => !before.has(n.name));
    ctx.io.out(`😄  Adding node ${added?.name.slice(p.profile.length + 1)} to cluster ${p.profile}\n`);
    ctx.io.out(`👍  Starting worker node ${added?.name} in cluster ${p.profile}\n🚜  Pulling base image ...\n🔥  Creating docker container (CPUs=2, Memory=2200MB) ...\n`);
    ctx.io.out(`🐳  Preparing Kubernetes ${K8S} on Docker 20.10.18 ...\n🔎  Verifying Kubernetes components...\n🏄  Successfully added ${added?.name.slice(p.profile.length + 1)} to ${p.profile}!\n`);
    return 0;
  }
  if (name === undefined) {
    ctx.io.err(`❌  Exiting due to MK_USAGE: Usage: minikube node ${action} [name]\n`);
    return 64;
  }
  const target = findNode(engine, name);
  if (!target) {
    ctx.io.err(`❌  Exiting due to GUEST_NODE_RETRIEVE: retrieving node: Could not find node ${name}\n`);
    return 85;
  }
  const result = action === 'stop' ? engine.nodeStop(target.name) : action === 'start' ? engine.nodeStart(target.name) : engine.nodeDelete(target.name);
  if ('error' in result) {
    ctx.io.err(`❌  Exiting due to GUEST_NODE_${action.toUpperCase()}: ${result.error}\n`);
    return 80;
  }
  if (action === 'stop') ctx.io.out(`✋  Stopping node "${target.name}"  ...\n🛑  Powering off "${target.name}" via SSH ...\n🛑  Successfully stopped node ${target.name}\n`);
  else if (action === 'start') ctx.io.out(`👍  Starting worker node ${target.name} in cluster ${p.profile}\n🔄  Restarting existing docker container for "${target.name}" ...\n🐳  Preparing Kubernetes ${K8S} on Docker 20.10.18 ...\n🔎  Verifying Kubernetes components...\n😄  Successfully started node ${target.name}!\n`);
  else ctx.io.out(`🔥  Deleting node ${name} from cluster ${p.profile}\n✋  Stopping node "${target.name}"  ...\n🛑  Powering off "${target.name}" via SSH ...\n🔥  Deleting "${target.name}" in docker ...\n💀  Node ${name} was successfully deleted.\n`);
  return 0;
}

function profileList(ctx: CommandContext): number {
  const engine = ctx.cluster;
  if (!engine) {
    ctx.io.err('\n🤹  Exiting due to MK_USAGE_NO_PROFILE: No minikube profile was found.\n💡  Suggestion:\n\n    You can create one using \'minikube start\'.\n\n');
    return 14;
  }
  const cp = engine.nodes()[0];
  const running = cp?.container === 'running' ? 'Running' : 'Stopped';
  const rows = [
    ['Profile', 'VM Driver', 'Runtime', 'IP', 'Port', 'Version', 'Status', 'Nodes', 'Active'],
    [engine.state.profile, 'docker', 'docker', cp?.internalIP ?? '', '8443', K8S, running, String(engine.nodes().length), engine.state.profile === 'minikube' ? '*' : ''],
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => (r[c] as string).length)) + 2);
  const rule = `|${widths.map((w) => '-'.repeat(w)).join('|')}|\n`;
  const center = (text: string, w: number) => {
    const left = Math.floor((w - text.length) / 2);
    return ' '.repeat(left) + text + ' '.repeat(w - text.length - left);
  };
  const line = (r: string[], header: boolean) =>
    `|${r.map((cell, c) => (header ? center(cell, widths[c] as number) : c === 7 ? `${cell.padStart((widths[c] as number) - 1)} ` : ` ${cell.padEnd((widths[c] as number) - 1)}`)).join('|')}|\n`;
  ctx.io.out(rule + line(rows[0]!, true) + rule + line(rows[1]!, false) + rule);
  return 0;
}

export const minikube: CommandSpec = {
  name: 'minikube',
  summary: 'start and manage the local cluster (docker driver)',
  usage: 'minikube [command]',
  subcommands: SUBCOMMANDS,
  complete(before, ctx) {
    const last = before[before.length - 1];
    const engine = ctx.cluster;
    if (last === '-n' || last === '--node') {
      const profile = engine?.state.profile ?? '';
      return engine ? engine.nodes().flatMap((n) => (n.name === profile ? [n.name] : [n.name, n.name.slice(profile.length + 1)])) : [];
    }
    if (last === '-p' || last === '--profile') return engine ? [engine.state.profile] : [];
    if (before.length === 0) return SUBCOMMANDS;
    if (before[0] === 'node' && before.length === 1) return ['add', 'start', 'stop', 'delete', 'list'];
    if (before[0] === 'node' && before.length === 2 && before[1] !== 'add' && before[1] !== 'list') return engine ? engine.nodes().map((n) => n.name) : [];
    if (before[0] === 'profile' && before.length === 1) return ['list'];
    return before[0] === 'start' ? ['--nodes', '-p', '--driver=docker', '--cni=kindnet', '--kubernetes-version=v1.25.2'] : ['-p', '-n'];
  },
  run(ctx) {
    const [sub, ...args] = ctx.args;
    if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
      ctx.io.out('minikube provisions and manages local Kubernetes clusters optimized for development workflows.\n\n' +
        'Basic Commands:\n  start            Starts a local Kubernetes cluster\n  status           Gets the status of a local Kubernetes cluster\n' +
        '  stop             Stops a running local Kubernetes cluster\n  delete           Deletes a local Kubernetes cluster\n\n' +
        'Networking and Connectivity Commands:\n  ip               Retrieves the IP address of the specified node\n  ssh              Log into the minikube environment (for debugging)\n\n' +
        'Configuration and Management Commands:\n  node             Add, remove, or list additional nodes\n  profile          Profile gets or sets the current minikube profile\n\n' +
        'Use "minikube <command> --help" for more information about a given command.\n');
      return 0;
    }
    const defaultProfile = ctx.cluster?.state.profile ?? 'minikube';
    const p = parse(args, defaultProfile);
    if (!SUBCOMMANDS.includes(sub)) {
      const near = suggestionsFor(sub, SUBCOMMANDS);
      ctx.io.err(`Error: unknown command "${sub}" for "minikube"\n${near.length ? `\nDid you mean this?\n${near.map((s) => `\t${s}\n`).join('')}` : ''}Run 'minikube --help' for usage.\n`);
      return 64;
    }
    if (p.error) return usageError(ctx, sub, p.error);
    switch (sub) {
      case 'start': return start(ctx, p);
      case 'status': return status(ctx, p);
      case 'ip': return ip(ctx, p);
      case 'ssh': return ssh(ctx, p);
      case 'stop': return stop(ctx, p);
      case 'delete': return remove(ctx, p);
      case 'node': return node(ctx, p);
      case 'profile':
        if (p.rest[0] === 'list') return profileList(ctx);
        ctx.io.out(`${defaultProfile}\n`);
        return 0;
      default:
        return 0;
    }
  },
};
