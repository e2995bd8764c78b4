/**
 * docker on a minikube node (Docker 20.10.18 behind cri-dockerd): `docker ps`
 * lists the node's pod containers the way kubelet names them
 * (`k8s_<container>_<pod>_<namespace>_<uid>_<attempt>`, pause containers
 * `k8s_POD_...`). As in real minikube output, app containers show their image
 * ID (kubelet starts them by ID) and pause containers the image name
 * (registry.k8s.io/pause:3.8 for Kubernetes v1.25). The docker user is in the
 * docker group, so no sudo is needed. Ids are derived from the engine's pod
 * uids and sandbox ids.
 */
import type { Engine } from '../../engine';
import type { PodObj } from '../../model/cluster';
import { fnv1a } from '../../model/rng';
import { ellipsis, tabwriter, unitsHumanDuration } from '../format/runtime';
import type { CommandContext, CommandSpec } from '../types';

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.8';

/** 64 hex digits fixed by a key. */
export function hex64(key: string): string {
  let s = '';
  for (let i = 0; s.length < 64; i++) s += fnv1a(`${key}#${i}`).toString(16).padStart(8, '0');
  return s.slice(0, 64);
}

/** What each image runs, as docker prints the command (before truncation). */
function commandOf(image: string): string {
  const bare = image.replace(/^docker\.io\/(library\/)?/, '').replace(/@.*$/, '').replace(/:[^/]*$/, '');
  if (bare === 'nginx') return "/docker-entrypoint.sh nginx -g 'daemon off;'";
  if (bare === 'rancher/hello-world') return '/opt/web-test/web-test';
  if (bare === 'busybox') return 'sh';
  if (bare.endsWith('/coredns')) return '/coredns -conf /etc/coredns/Corefile';
  if (bare.endsWith('/kube-apiserver')) return 'kube-apiserver --advertise-address=…';
  if (bare.endsWith('/etcd')) return 'etcd --advertise-client-urls=…';
  if (bare.endsWith('/kube-controller-manager')) return 'kube-controller-manager --allocate-node-cidrs=true';
  if (bare.endsWith('/kube-scheduler')) return 'kube-scheduler --authentication-kubeconfig=/etc/kubernetes/scheduler.conf';
  if (bare.endsWith('/kube-proxy')) return '/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf';
  if (bare.endsWith('/kindnetd')) return '/bin/kindnetd';
  if (bare.endsWith('/storage-provisioner')) return '/storage-provisioner';
  return '/bin/sh';
}

export interface RuntimeContainer {
  id: string;
  /** Image as docker shows it: an ID for kubelet's app containers, the name for pause. */
  image: string;
  imageId: string;
  command: string;
  created: number;
  started: number;
  name: string;
  pod: PodObj;
  container?: string;
  attempt: number;
}

/** The running sandboxes and containers of a node, newest first (docker's and crictl's order). */
export function runtimeContainers(engine: Engine, node: string): RuntimeContainer[] {
  const n = engine.nodes().find((x) => x.name === node);
  if (!n || n.container === 'stopped') return [];
  const out: RuntimeContainer[] = [];
  for (const p of engine.pods()) {
    if (p.node !== node || p.phase !== 'Running' || !p.sandboxId) continue;
    out.push({ id: p.sandboxId, image: PAUSE_IMAGE, imageId: hex64(`image|${PAUSE_IMAGE}`), command: '/pause', created: p.createdAt, started: p.createdAt,
      name: `k8s_POD_${p.name}_${p.namespace}_${p.uid}_0`, pod: p, attempt: 0 });
    for (const c of p.containers) {
      const imageId = hex64(`image|${c.image}`);
      out.push({ id: hex64(`container|${p.sandboxId}|${c.name}|${c.restarts}`), image: imageId.slice(0, 12), imageId, command: commandOf(c.image),
        created: c.lastRestartAt ?? c.startedAt, started: c.lastRestartAt ?? c.startedAt, name: `k8s_${c.name}_${p.name}_${p.namespace}_${p.uid}_${c.restarts}`, pod: p, container: c.name, attempt: c.restarts });
    }
  }
  return out.sort((a, b) => b.created - a.created || (a.id < b.id ? -1 : 1));
}

const DOCKER_USAGE = `
Usage:  docker [OPTIONS] COMMAND

A self-sufficient runtime for containers

Options:
      --config string      Location of client config files (default "/home/docker/.docker")
  -H, --host list          Daemon socket(s) to connect to
  -v, --version            Print version information and quit

Management Commands:
  container   Manage containers
  image       Manage images
  network     Manage networks

Commands:
  images      List images
  inspect     Return low-level information on Docker objects
  logs        Fetch the logs of a container
  ps          List containers
  version     Show the Docker version information

Run 'docker COMMAND --help' for more information on a command.

To get more help with docker, check out our guides at https://docs.docker.com/go/guides/
`;

function run(ctx: CommandContext): number {
  const { io } = ctx;
  const [sub, ...rest] = ctx.args;
  if (sub === undefined || sub === '--help') {
    io.out(DOCKER_USAGE);
    return 0;
  }
  if (sub === '-v' || sub === '--version') {
    io.out('Docker version 20.10.18, build b40c2f6\n');
    return 0;
  }
  const ps = sub === 'ps' || (sub === 'container' && (rest[0] === 'ls' || rest[0] === 'ps' || rest[0] === 'list'));
  if (!ps) {
    if (sub.startsWith('-')) {
      io.err(`unknown shorthand flag: '${sub.replace(/^-+/, '').charAt(0)}' in ${sub}\nSee 'docker --help'.\n`);
      return 125;
    }
    io.err(`docker: '${sub}' is not a docker command.\nSee 'docker --help'\n`);
    return 1;
  }
  const flags = sub === 'container' ? rest.slice(1) : rest;
  let quiet = false;
  let noTrunc = false;
  for (const f of flags) {
    if (f === '-a' || f === '--all') continue;
    if (f === '-q' || f === '--quiet') quiet = true;
    else if (f === '--no-trunc') noTrunc = true;
    else if (/^-[aq]+$/.test(f)) quiet = quiet || f.includes('q');
    else {
      io.err(f.startsWith('--') ? `unknown flag: ${f}\nSee 'docker ps --help'.\n` : f.startsWith('-') ? `unknown shorthand flag: '${f.charAt(1)}' in ${f}\nSee 'docker ps --help'.\n` : `"docker ps" accepts no arguments.\nSee 'docker ps --help'.\n\nUsage:  docker ps [OPTIONS]\n\nList containers\n`);
      return f.startsWith('-') ? 125 : 1;
    }
  }
  const engine = ctx.cluster;
  const node = ctx.place.node;
  if (ctx.place.kind !== 'node' || !engine || !node) {
    io.err('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n');
    return 1;
  }
  const list = runtimeContainers(engine, node);
  if (quiet) {
    io.out(list.map((c) => `${noTrunc ? c.id : c.id.slice(0, 12)}\n`).join(''));
    return 0;
  }
  const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']];
  for (const c of list) {
    rows.push([noTrunc ? c.id : c.id.slice(0, 12), noTrunc && c.image !== PAUSE_IMAGE ? `sha256:${c.imageId}` : c.image, `"${noTrunc ? c.command : ellipsis(c.command, 20)}"`,
      `${unitsHumanDuration(ctx.now - c.created)} ago`, `Up ${unitsHumanDuration(ctx.now - c.started)}`, '', c.name]);
  }
  io.out(tabwriter(rows, 10));
  return 0;
}

export const docker: CommandSpec = {
  name: 'docker',
  summary: 'the Docker CLI on a node (docker ps)',
  usage: 'docker ps [-a] [-q] [--no-trunc]',
  subcommands: ['ps', 'container', 'version'],
  run,
};
