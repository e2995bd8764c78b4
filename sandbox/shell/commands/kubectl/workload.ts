/**
 * The mutating subcommands the lab backs: create deployment, run, scale,
 * delete. Each validates like kubectl (client-side flags first, then the
 * API server's answers: AlreadyExists, NotFound, invalid names) and changes
 * the engine only through its logged operations.
 */
import { flagBool, flagInt, flagString, type FlagSpec } from '../../flags';
import type { CommandContext } from '../../types';
import { connectionRefused, fail, GLOBAL_FLAGS, invalidNameMessage, matches, namespaceExists, namespaceOf, parseOrFail, parseSelector } from './common';
import { positionalIndex, runCreateService } from './create-service';
import { listObjects, qualifiedPlural, qualifiedSingular, resolveType, type ResourceType } from './model';

export const NO_RESOURCES =
  "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

const CREATE_DEPLOYMENT_FLAGS: readonly FlagSpec[] = [
  { name: 'image', type: 'stringArray', usage: 'Image names to run.' },
  { name: 'replicas', short: 'r', type: 'int', bits: 32, usage: 'Number of replicas to create. Default is 1.' },
  { name: 'port', type: 'int', bits: 32, usage: 'The port that this container exposes.' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'field-manager', type: 'string' },
];

export function runCreate(ctx: CommandContext, args: string[]): number {
  const at = positionalIndex(args, [...GLOBAL_FLAGS, ...CREATE_DEPLOYMENT_FLAGS].filter((f) => f.type !== 'bool'));
  const sub = at >= 0 ? args[at] : undefined;
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 1)] : args;
  if (sub === 'deployment' || sub === 'deploy') return createDeployment(ctx, rest);
  if (sub === 'service' || sub === 'svc') return runCreateService(ctx, args);
  const p = parseOrFail(ctx, 'kubectl create', args, [{ name: 'filename', short: 'f', type: 'stringArray' }, { name: 'kustomize', short: 'k', type: 'string' }]);
  if (!p) return 1;
  if (p.values.has('filename') || p.values.has('kustomize')) return fail(ctx, 'podlab: this lab has no files to create from; try "kubectl create deployment NAME --image=IMAGE".');
  if (sub === undefined) return fail(ctx, 'error: must specify one of -f and -k');
  if (['namespace', 'ns', 'configmap', 'cm', 'secret', 'job', 'cronjob', 'cj', 'ingress', 'ing', 'serviceaccount', 'sa', 'role', 'rolebinding', 'clusterrole', 'clusterrolebinding', 'quota', 'priorityclass', 'pdb', 'poddisruptionbudget', 'token'].includes(sub)) {
    return fail(ctx, `podlab: "kubectl create ${sub}" is not in this lab yet; "kubectl create deployment" and "kubectl create service" are.`);
  }
  return fail(ctx, `error: Unexpected args: [${p.positionals.join(' ')}]\nSee 'kubectl create -h' for help and examples`);
}

function createDeployment(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl create deployment', args, CREATE_DEPLOYMENT_FLAGS);
  if (!p) return 1;
  const images = p.values.get('image');
  if (!Array.isArray(images) || images.length === 0) return fail(ctx, 'error: required flag(s) "image" not set');
  const names = p.argsLenAtDash >= 0 ? p.positionals.slice(0, p.argsLenAtDash) : p.positionals;
  if (names.length !== 1) return fail(ctx, `error: exactly one NAME is required, got ${names.length}\nSee 'kubectl create deployment -h' for help and examples`);
  const name = names[0] as string;
  const replicas = flagInt(p, 'replicas') ?? 1;
  if (ctx.cluster === null) return connectionRefused(ctx);
  const bad = invalidNameMessage('Deployment.apps', name);
  if (bad) return fail(ctx, `error: failed to create deployment: ${bad}`);
  if (replicas < 0) return fail(ctx, `error: failed to create deployment: Deployment.apps "${name}" is invalid: spec.replicas: Invalid value: ${replicas}: must be greater than or equal to 0`);
  if (images.length > 1) return fail(ctx, 'podlab: this lab runs one container per pod; give one --image.');
  const image = images[0] as string;
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[a-f0-9]{64})?$/.test(image.replace(/^[a-zA-Z0-9.-]+(:\d+)?\//, (m) => m.toLowerCase()))) {
    return fail(ctx, `error: failed to create deployment: Deployment.apps "${name}" is invalid: spec.template.spec.containers[0].image: Invalid value: "${image}": invalid reference format`);
  }
  const dry = flagString(p, 'dry-run');
  const ns = namespaceOf(p);
  if (dry === 'client' || dry === 'server') {
    ctx.io.out(`deployment.apps/${name} created (${dry === 'server' ? 'server ' : ''}dry run)\n`);
    return 0;
  }
  const r = ctx.cluster.createDeployment(name, image, replicas, ns);
  if ('error' in r) return fail(ctx, r.error);
  ctx.io.out(`deployment.apps/${name} created\n`);
  return 0;
}

const RUN_FLAGS: readonly FlagSpec[] = [
  { name: 'image', type: 'string', usage: 'The image for the container to run.' },
  { name: 'port', type: 'string' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'restart', type: 'string' },
  { name: 'rm', type: 'bool' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'command', type: 'bool' },
  { name: 'env', type: 'stringArray' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'attach', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
];

export function runRun(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl run', args, RUN_FLAGS);
  if (!p) return 1;
  const names = p.argsLenAtDash >= 0 ? p.positionals.slice(0, p.argsLenAtDash) : p.positionals;
  if (names.length === 0) return fail(ctx, "error: NAME is required for run\nSee 'kubectl run -h' for help and examples");
  const image = flagString(p, 'image');
  if (image === '') return fail(ctx, "error: --image is required\nSee 'kubectl run -h' for help and examples");
  if (ctx.cluster === null) return connectionRefused(ctx);
  const name = names[0] as string;
  const bad = invalidNameMessage('Pod', name);
  if (bad) return fail(ctx, `The ${bad}`);
  if (flagBool(p, 'stdin') || flagBool(p, 'tty') || flagBool(p, 'rm')) {
    return fail(ctx, `podlab: interactive "kubectl run -it" is not in this lab yet; create the pod, then "kubectl exec -it ${name} -- sh".`);
  }
  const ns = namespaceOf(p);
  const r = ctx.cluster.createPod(name, image, ns);
  if ('error' in r) return fail(ctx, r.error);
  ctx.io.out(`pod/${name} created\n`);
  return 0;
}

/** `type name...` or `type/name...` into (type, names); prints errors. */
export function targets(ctx: CommandContext, positionals: string[], cmd: string): Array<{ type: ResourceType; name: string }> | null {
  if (positionals.length === 0) {
    fail(ctx, NO_RESOURCES);
    return null;
  }
  if (positionals.some((x) => x.includes('/'))) {
    if (!positionals.every((x) => x.includes('/'))) {
      fail(ctx, `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${cmd} resource/<resource_name>' instead of 'kubectl ${cmd} resource resource/<resource_name>'`);
      return null;
    }
    const out: Array<{ type: ResourceType; name: string }> = [];
    for (const x of positionals) {
      const [tw, ...n] = x.split('/');
      const type = resolveType(tw as string);
      if (!type) {
        fail(ctx, `error: the server doesn't have a resource type "${tw}"`);
        return null;
      }
      out.push({ type, name: n.join('/') });
    }
    return out;
  }
  const types: ResourceType[] = [];
  for (const w of (positionals[0] as string).split(',')) {
    const t = resolveType(w);
    if (!t) {
      fail(ctx, `error: the server doesn't have a resource type "${w}"`);
      return null;
    }
    types.push(t);
  }
  return types.flatMap((type) => positionals.slice(1).map((name) => ({ type, name })));
}

export function runScale(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl scale', args, [
    { name: 'replicas', type: 'int', usage: 'The new desired number of replicas. Required.' },
    { name: 'current-replicas', type: 'int' },
    { name: 'resource-version', type: 'string' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all', type: 'bool' },
    { name: 'timeout', type: 'string' },
    { name: 'dry-run', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
  ]);
  if (!p) return 1;
  const replicas = flagInt(p, 'replicas');
  if (replicas === undefined) return fail(ctx, 'error: required flag(s) "replicas" not set');
  if (replicas < 0) return fail(ctx, 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  if (p.positionals.length === 0) return fail(ctx, NO_RESOURCES);
  if (ctx.cluster === null) return connectionRefused(ctx);
  const ts = targets(ctx, p.positionals, 'scale');
  if (!ts) return 1;
  if (ts.length === 0) return fail(ctx, "error: resource(s) were provided, but no name was specified");
  const ns = namespaceOf(p);
  let code = 0;
  for (const { type, name } of ts) {
    if (type.plural !== 'deployments') {
      if (['replicasets', 'statefulsets', 'replicationcontrollers'].includes(type.plural)) {
        code = fail(ctx, `podlab: scaling ${type.plural} directly is not in this lab; scale the deployment that owns them.`);
      } else code = fail(ctx, `error: no scaler has been implemented for {"${type.group}" "${type.kind}"}`);
      continue;
    }
    const r = ctx.cluster.deployments().some((d) => d.namespace === ns && d.name === name)
      ? ctx.cluster.scaleDeployment(name, replicas, ns)
      : { error: `Error from server (NotFound): deployments.apps "${name}" not found` };
    if ('error' in r) code = fail(ctx, r.error);
    else ctx.io.out(`deployment.apps/${name} scaled\n`);
  }
  return code;
}

export function runDelete(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl delete', args, [
    { name: 'all', type: 'bool' },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'force', type: 'bool' },
    { name: 'grace-period', type: 'int' },
    { name: 'now', type: 'bool' },
    { name: 'wait', type: 'bool' },
    { name: 'ignore-not-found', type: 'bool' },
    { name: 'cascade', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringArray' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string' },
    { name: 'timeout', type: 'string' },
  ]);
  if (!p) return 1;
  if (p.values.has('filename')) return fail(ctx, 'podlab: this lab has no files to delete from; name the resources instead.');
  if (p.positionals.length === 0) return fail(ctx, NO_RESOURCES);
  if (ctx.cluster === null) return connectionRefused(ctx);
  const engine = ctx.cluster;
  const ns = namespaceOf(p);
  let ts = targets(ctx, p.positionals, 'delete');
  if (!ts) return 1;
  const bulk = flagBool(p, 'all') || p.values.has('selector');
  if (ts.length === 0) {
    if (!bulk) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
    const sel = parseSelector(flagString(p, 'selector'));
    if (typeof sel === 'string') return fail(ctx, `error: ${sel}`);
    ts = [];
    for (const w of (p.positionals[0] as string).split(',')) {
      const type = resolveType(w) as ResourceType;
      for (const o of listObjects(engine, type.plural, type.namespaced ? ns : null)) if (matches(sel, o.labels)) ts.push({ type, name: o.name });
    }
    if (ts.length === 0) {
      ctx.io.err(`No resources found\n`);
      return 0;
    }
  }
  let code = 0;
  for (const { type, name } of ts) {
    const exists = listObjects(engine, type.plural, type.namespaced ? ns : null).some((o) => o.name === name);
    if (!exists) {
      if (!flagBool(p, 'ignore-not-found')) code = fail(ctx, `Error from server (NotFound): ${qualifiedPlural(type)} "${name}" not found`);
      continue;
    }
    let r: { ok: true } | { error: string };
    if (type.plural === 'pods') r = engine.deletePod(name, ns);
    else if (type.plural === 'deployments' && engine.deployments().some((d) => d.namespace === ns && d.name === name)) r = engine.deleteDeployment(name, ns);
    else if (type.plural === 'services') r = engine.deleteService(name, ns);
    else {
      code = fail(ctx, `podlab: deleting ${qualifiedPlural(type)} is not in this lab yet; it can delete pods, deployments and services.`);
      continue;
    }
    if ('error' in r) code = fail(ctx, r.error);
    else ctx.io.out(`${qualifiedSingular(type)} "${name}" deleted\n`);
  }
  return code;
}

export { namespaceExists };
