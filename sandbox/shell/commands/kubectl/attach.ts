/**
 * Commands that put the learner inside the cluster: `exec` (a command, or a
 * shell with -it, in a pod's container) and `debug` (node/NODE: a root pod in
 * the node's namespaces; POD: an ephemeral container in the pod's network
 * namespace). Messages follow kubectl v1.25's exec.go and debug.go and the
 * container runtime's (runc) error for a missing binary.
 */
import { flagBool, flagString, type FlagSpec } from '../../flags';
import { nodeDebugPlace, podPlace } from '../../places';
import { imageProfile } from '../../images';
import type { CommandContext, Output } from '../../types';
import type { PodObj } from '../../../model/cluster';
import { connectionRefused, fail, namespaceOf, parseOrFail } from './common';
import { podsOfDeployment, SAFE_ALPHABET, derivedId } from './model';

const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', 'dash']);

const EXEC_FLAGS: readonly FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string', usage: 'Container name. If omitted, use the kubectl.kubernetes.io/default-container annotation for selecting the container to be attached or the first container in the pod will be chosen' },
  { name: 'stdin', short: 'i', type: 'bool', usage: 'Pass stdin to the container' },
  { name: 'tty', short: 't', type: 'bool', usage: 'Stdin is a TTY' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'pod-running-timeout', type: 'string' },
];

function findPod(ctx: CommandContext, target: string, ns: string): PodObj | string {
  const engine = ctx.cluster!;
  const slash = target.indexOf('/');
  if (slash >= 0) {
    const type = target.slice(0, slash).toLowerCase();
    const name = target.slice(slash + 1);
    if (['deployment', 'deployments', 'deploy', 'deployment.apps'].includes(type)) {
      const d = engine.deployments().find((x) => x.namespace === ns && x.name === name);
      if (!d) return `Error from server (NotFound): deployments.apps "${name}" not found`;
      const pods = podsOfDeployment(engine, d).sort((a, b) => (a.name < b.name ? -1 : 1));
      return pods[0] ?? `error: cannot attach to *v1.Deployment: timed out waiting for the condition`;
    }
    if (!['pod', 'pods', 'po'].includes(type)) return `error: the server doesn't have a resource type "${target.slice(0, slash)}"`;
    target = name;
  }
  return engine.pods(ns).find((p) => p.name === target) ?? `Error from server (NotFound): pods "${target}" not found`;
}

/** The binary name a container's PATH lookup resolves (`/bin/ip` -> `ip`). */
function binary(word: string): string {
  return word.includes('/') ? word.slice(word.lastIndexOf('/') + 1) : word;
}

function runtimeExecFailure(io: Output, cmd: string): number {
  io.err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n`);
  return 126;
}

export function runExec(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl exec', args, EXEC_FLAGS);
  if (!p) return 1;
  const dash = p.argsLenAtDash;
  if (p.positionals.length === 0 || dash === 0) {
    return fail(ctx, "error: expected 'exec POD_NAME COMMAND [ARG1] [ARG2] ... [ARGN]'.\nPOD_NAME and COMMAND are required arguments for the exec command\nSee 'kubectl exec -h' for help and examples");
  }
  const target = p.positionals[0] as string;
  const command = p.positionals.slice(1);
  if (dash < 0 && command.length > 0) {
    ctx.io.err('kubectl exec [POD] [COMMAND] is DEPRECATED and will be removed in a future version. Use kubectl exec [POD] -- [COMMAND] instead.\n');
  }
  if (dash > 1) return fail(ctx, "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples");
  if (command.length === 0) return fail(ctx, "error: you must specify at least one command for the container\nSee 'kubectl exec -h' for help and examples");
  if (ctx.cluster === null) return connectionRefused(ctx);
  const pod = findPod(ctx, target, namespaceOf(p));
  if (typeof pod === 'string') return fail(ctx, pod);
  const cname = flagString(p, 'container');
  const container = cname ? pod.containers.find((c) => c.name === cname) : pod.containers[0];
  if (!container) return fail(ctx, `error: container ${cname} not found in pod ${pod.name}`);
  if (pod.phase !== 'Running' || !pod.node) return fail(ctx, `error: unable to upgrade connection: container not found ("${container.name}")`);
  if (!container.ready) return fail(ctx, `error: unable to upgrade connection: container not found ("${container.name}")`);
  const place = pod.hostNetwork
    ? { ...podPlace(pod, container.name, container.image), netns: pod.node }
    : podPlace(pod, container.name, container.image);
  const profile = imageProfile(container.image);
  const cmd = binary(command[0] as string);
  const isShell = SHELLS.has(cmd) && (cmd === 'sh' || cmd === profile.shell);
  if (isShell) {
    const c = command.indexOf('-c');
    if (c >= 0 && command[c + 1] !== undefined) {
      // `sh -c "a b"`: the lab splits the script into words (no nested quoting).
      const words = (command[c + 1] as string).trim().split(/\s+/).filter(Boolean);
      if (words.length === 0) return 0;
      if (!(binary(words[0] as string) in place.tools) && !['echo', 'true', 'false'].includes(words[0] as string)) {
        ctx.io.err(place.shell === 'bash' ? `bash: line 1: ${words[0]}: command not found\n` : `sh: ${words[0]}: not found\n`);
        ctx.io.err(`command terminated with exit code 127\n`);
        return 127;
      }
      return finish(ctx, ctx.shell.runIn(place, [binary(words[0] as string), ...words.slice(1)], ctx.io));
    }
    if (flagBool(p, 'stdin')) {
      if (!flagBool(p, 'tty')) ctx.io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      ctx.shell.enter(place);
    }
    return 0;
  }
  if (!(cmd in place.tools) && !['echo', 'true', 'false', 'env'].includes(cmd)) return runtimeExecFailure(ctx.io, command[0] as string);
  return finish(ctx, ctx.shell.runIn(place, [cmd, ...command.slice(1)], ctx.io));
}

function finish(ctx: CommandContext, status: number): number {
  if (status !== 0) ctx.io.err(`command terminated with exit code ${status}\n`);
  return status;
}

const DEBUG_FLAGS: readonly FlagSpec[] = [
  { name: 'image', type: 'string', usage: 'Container image to use for debug container.' },
  { name: 'stdin', short: 'i', type: 'bool', usage: 'Keep stdin open on the container(s) in the pod, even if nothing is attached.' },
  { name: 'tty', short: 't', type: 'bool', usage: 'Allocate a TTY for the debugging container.' },
  { name: 'container', short: 'c', type: 'string', usage: 'Container name to use for debug container.' },
  { name: 'target', type: 'string' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'copy-to', type: 'string' },
  { name: 'replace', type: 'bool' },
  { name: 'same-node', type: 'bool' },
  { name: 'share-processes', type: 'bool' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'profile', type: 'string' },
  { name: 'env', type: 'stringArray' },
  { name: 'arguments-only', type: 'bool' },
];

/** utilrand.String(5) for the debugger names, drawn from the lab seed and a per-lab counter (reading never moves the engine's draws). */
function suffix(ctx: CommandContext, salt: string): string {
  return derivedId(`debug/${ctx.shell.seed}/${ctx.shell.nextSerial()}/${salt}`, SAFE_ALPHABET, 5);
}

export function runDebug(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl debug', args, DEBUG_FLAGS);
  if (!p) return 1;
  const image = flagString(p, 'image');
  if (p.values.has('copy-to')) return fail(ctx, 'podlab: "kubectl debug --copy-to" is not in this lab; debug the pod in place with --image.');
  if (image === '') return fail(ctx, 'error: you must specify --image when not using --copy-to.');
  const names = p.argsLenAtDash >= 0 ? p.positionals.slice(0, p.argsLenAtDash) : p.positionals;
  if (names.length === 0) return fail(ctx, 'error: NAME or filename is required for debug');
  if (flagBool(p, 'tty') && !flagBool(p, 'stdin')) return fail(ctx, 'error: -i/--stdin is required for containers with -t/--tty=true');
  if (ctx.cluster === null) return connectionRefused(ctx);
  const engine = ctx.cluster;
  const target = names[0] as string;
  const quiet = flagBool(p, 'quiet');
  const interactive = flagBool(p, 'stdin');
  if (target.startsWith('node/') || target.startsWith('nodes/') || target.startsWith('no/')) {
    const nodeName = target.slice(target.indexOf('/') + 1);
    const node = engine.nodes().find((n) => n.name === nodeName);
    if (!node) return fail(ctx, `Error from server (NotFound): nodes "${nodeName}" not found`);
    const podName = `node-debugger-${nodeName}-${suffix(ctx, nodeName)}`;
    if (!quiet) ctx.io.out(`Creating debugging pod ${podName} with container debugger on node ${nodeName}.\n`);
    if (interactive) {
      if (node.container !== 'running') return fail(ctx, `error: timed out waiting for the condition`);
      if (!quiet) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
      ctx.shell.enter(nodeDebugPlace(nodeName, image));
    }
    return 0;
  }
  const pod = findPod(ctx, target, namespaceOf(p));
  if (typeof pod === 'string') return fail(ctx, pod);
  const cname = flagString(p, 'container') || `debugger-${suffix(ctx, pod.name)}`;
  if (!flagString(p, 'container') && !quiet) ctx.io.err(`Defaulting debug container name to ${cname}.\n`);
  if (interactive) {
    if (pod.phase !== 'Running' || !pod.node || !pod.containers.some((c) => c.ready)) return fail(ctx, 'error: timed out waiting for the condition');
    if (!quiet) ctx.io.err("If you don't see a command prompt, try pressing enter.\n");
    const place = podPlace(pod, cname, image);
    ctx.shell.enter(pod.hostNetwork ? { ...place, netns: pod.node } : place);
  }
  return 0;
}
