/**
 * crictl (cri-tools v1.25) on a minikube node, talking to cri-dockerd at
 * unix:///var/run/cri-dockerd.sock (/etc/crictl.yaml). `crictl ps` and
 * `crictl pods` print the v1.25 tables (tabwriter minwidth 20, padding 3;
 * ids truncated to 13; IMAGE is the image ID cri-dockerd reports; CREATED in
 * go-units words). Without root the socket refuses the connection and crictl
 * exits with its FATA line.
 */
import { tabwriter, unitsHumanDuration } from '../format/runtime';
import type { CommandContext, CommandSpec } from '../types';
import { runtimeContainers } from './docker';

const SOCKET = '/var/run/cri-dockerd.sock';

const USAGE = `NAME:
   crictl - client for CRI

USAGE:
   crictl [global options] command [command options] [arguments...]

VERSION:
   v1.25.0

COMMANDS:
   images, image, img  List images
   inspect             Display the status of one or more containers
   inspectp            Display the status of one or more pods
   logs                Fetch the logs of a container
   pods                List pods
   ps                  List containers
   version             Display runtime version information
   help, h             Shows a list of commands or help for one command

GLOBAL OPTIONS:
   --runtime-endpoint value, -r value  Endpoint of CRI container runtime service (default: uses in order the first successful one of [unix:///var/run/dockershim.sock unix:///run/containerd/containerd.sock unix:///run/crio/crio.sock unix:///var/run/cri-dockerd.sock]). Default is now deprecated and the endpoint should be set instead. [$CONTAINER_RUNTIME_ENDPOINT]
   --debug, -D                         Enable debug mode (default: false)
   --help, -h                          show help (default: false)
   --version, -v                       print the version (default: false)
`;

function run(ctx: CommandContext): number {
  const { io } = ctx;
  const [sub, ...rest] = ctx.args;
  if (sub === undefined || sub === 'help' || sub === 'h' || sub === '--help' || sub === '-h') {
    io.out(USAGE);
    return 0;
  }
  if (sub === '--version' || sub === '-v') {
    io.out('crictl version v1.25.0\n');
    return 0;
  }
  if (!['ps', 'pods', 'version', 'images', 'image', 'img', 'inspect', 'inspectp', 'logs'].includes(sub)) {
    io.err(`No help topic for '${sub}'\n`);
    return 3;
  }
  if (ctx.place.uid !== 0) {
    io.err(`FATA[0000] unable to determine runtime API version: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix ${SOCKET}: connect: permission denied" \n`);
    return 1;
  }
  const engine = ctx.cluster;
  const node = ctx.place.node;
  if (ctx.place.kind !== 'node' || !engine || !node) {
    io.err(`FATA[0000] unable to determine runtime API version: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix ${SOCKET}: connect: no such file or directory" \n`);
    return 1;
  }
  const quiet = rest.includes('-q') || rest.includes('--quiet');
  const bad = rest.find((a) => !['-q', '--quiet', '-a', '--all'].includes(a));
  if (bad !== undefined) {
    io.err(bad.startsWith('-') ? `FATA[0000] flag provided but not defined: ${bad.replace(/=.*$/, '')} \n` : `FATA[0000] unsupported argument: ${bad} \n`);
    return 1;
  }
  const all = runtimeContainers(engine, node);
  const ago = (t: number) => `${unitsHumanDuration(ctx.now - t)} ago`;
  if (sub === 'version') {
    io.out('Version:  0.1.0\nRuntimeName:  docker\nRuntimeVersion:  20.10.18\nRuntimeApiVersion:  1.41.0\n');
    return 0;
  }
  if (sub === 'pods') {
    const pods = all.filter((c) => c.container === undefined);
    if (quiet) {
      io.out(pods.map((c) => `${c.id}\n`).join(''));
      return 0;
    }
    const rows = [['POD ID', 'CREATED', 'STATE', 'NAME', 'NAMESPACE', 'ATTEMPT', 'RUNTIME']];
    for (const c of pods) rows.push([c.id.slice(0, 13), ago(c.created), 'Ready', c.pod.name, c.pod.namespace, '0', '(default)']);
    io.out(tabwriter(rows, 20));
    return 0;
  }
  if (sub === 'ps') {
    const cs = all.filter((c) => c.container !== undefined);
    if (quiet) {
      io.out(cs.map((c) => `${c.id}\n`).join(''));
      return 0;
    }
    const rows = [['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD']];
    for (const c of cs) rows.push([c.id.slice(0, 13), c.imageId.slice(0, 13), ago(c.created), 'Running', c.container!, String(c.attempt), c.pod.sandboxId!.slice(0, 13), c.pod.name]);
    io.out(tabwriter(rows, 20));
    return 0;
  }
  io.err(`FATA[0000] ${sub}: not supported in this lab \n`);
  return 1;
}

export const crictl: CommandSpec = {
  name: 'crictl',
  summary: 'inspect the node\'s CRI runtime (crictl ps, crictl pods)',
  usage: 'crictl ps | crictl pods',
  subcommands: ['ps', 'pods', 'version', 'help'],
  run,
};
