/**
 * `kubectl expose` as v1.25.2 runs it (kubectl pkg/cmd/expose/expose.go):
 * fetch each named object (NotFound from the server), check it can be exposed
 * (pods, services, deployments, replica sets, replication controllers), take
 * the selector and labels from it (polymorphichelpers), the port from --port
 * or its declared ports — the lab's containers declare none, so only a
 * service can be exposed without --port — build the Service (targetPort =
 * port unless --target-port, protocol TCP unless --protocol) and POST it; the
 * API server validates, allocates and answers AlreadyExists. Errors from
 * RunExpose are plain `error: ...` lines: in v1.25 they carry no usage hint.
 */
import { flagString, type FlagSpec } from '../../flags';
import { toGoJson, toYaml, type YamlValue } from '../../format/kube-yaml';
import type { CommandContext } from '../../types';
import type { ServiceSpec } from '../../../engine';
import { toApi } from './api';
import { connectionRefused, fail, namespaceOf, parseOrFail } from './common';
import { listObjects, qualifiedPlural, type KubeObject } from './model';
import { NO_RESOURCES, targets } from './workload';

export const EXPOSE_FLAGS: readonly FlagSpec[] = [
  { name: 'protocol', type: 'string', usage: "The network protocol for the service to be created. Default is 'TCP'." },
  { name: 'port', type: 'string', usage: 'The port that the service should serve on. Copied from the resource being exposed, if unspecified' },
  { name: 'type', type: 'string', usage: "Type for this service: ClusterIP, NodePort, LoadBalancer, or ExternalName. Default is 'ClusterIP'." },
  { name: 'load-balancer-ip', type: 'string' },
  { name: 'selector', type: 'string', usage: 'A label selector to use for this service. Only equality-based selector requirements are supported. If empty (the default) infer the selector from the replication controller or replica set.)' },
  { name: 'labels', short: 'l', type: 'string', usage: 'Labels to apply to the service created by this call.' },
  { name: 'target-port', type: 'string', usage: 'Name or number for the port on the container that the service should direct traffic to. Optional.' },
  { name: 'external-ip', type: 'string' },
  { name: 'name', type: 'string', usage: 'The name for the newly created object.' },
  { name: 'session-affinity', type: 'string' },
  { name: 'cluster-ip', type: 'string' },
  { name: 'field-manager', type: 'string' },
  { name: 'overrides', type: 'string' },
  { name: 'override-type', type: 'string' },
  { name: 'filename', short: 'f', type: 'stringArray' },
  { name: 'kustomize', short: 'k', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'dry-run', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'record', type: 'bool' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
];

/** Kinds polymorphichelpers.CanBeExposedFn accepts. */
const EXPOSABLE = new Set(['pods', 'services', 'deployments', 'replicasets', 'replicationcontrollers']);

/** Go's strconv.Atoi, then the int32 conversion expose.go applies: the value or the error text. */
export function atoiInt32(s: string): number | string {
  if (!/^[+-]?[0-9]+$/.test(s)) return `strconv.Atoi: parsing "${s}": invalid syntax`;
  const big = BigInt(s);
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) return `strconv.Atoi: parsing "${s}": value out of range`;
  return Number(BigInt.asIntN(32, big));
}

/** expose.go parseLabels: `k=v,k2=v2`, nothing fancier. */
function parseLabels(spec: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) return `unexpected label spec: ${part}`;
    if (kv[0] === '') return 'unexpected empty label key';
    out[kv[0] as string] = kv[1] as string;
  }
  return out;
}

/** MapBasedSelectorForObjectFn and the object's labels. */
function introspect(o: KubeObject): { selector: Record<string, string> | string; labels: Record<string, string>; ports: Array<{ port: number; protocol: string }> } {
  switch (o.type) {
    case 'pods':
      return { selector: Object.keys(o.labels).length ? { ...o.labels } : 'the pod has no labels and cannot be exposed', labels: o.labels, ports: [] };
    case 'services':
      return { selector: Object.keys(o.svc.selector).length ? { ...o.svc.selector } : 'the service has no pod selector set', labels: o.labels, ports: o.svc.ports.map((p) => ({ port: p.port, protocol: p.protocol })) };
    case 'deployments':
    case 'replicasets':
      return { selector: { ...o.selector }, labels: o.labels, ports: [] };
    default:
      return { selector: {}, labels: o.labels, ports: [] };
  }
}

export function runExpose(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl expose', args, EXPOSE_FLAGS);
  if (!p) return 1;
  if (p.values.has('filename') || p.values.has('kustomize')) return fail(ctx, 'podlab: this lab has no files to expose from; name the resource instead, e.g. "kubectl expose deployment nginx --port=80".');
  const output = flagString(p, 'output');
  if (!['', 'name', 'yaml', 'json'].includes(output)) return fail(ctx, `podlab: -o ${output} is not available for "kubectl expose" in this lab; use -o yaml, -o json or -o name.`);
  const dry = flagString(p, 'dry-run');
  if (p.values.has('dry-run') && !['none', 'client', 'server'].includes(dry)) {
    return fail(ctx, `error: Invalid dry-run value (${dry}). Must be "none", "server", or "client".`);
  }
  if (p.positionals.length === 0) return fail(ctx, `error: ${NO_RESOURCES.slice('error: '.length)}`);
  if (ctx.cluster === null) return connectionRefused(ctx);
  const engine = ctx.cluster;
  const ts = targets(ctx, p.positionals, 'expose');
  if (!ts) return 1;
  if (ts.length === 0) return fail(ctx, 'error: resource(s) were provided, but no name was specified');
  const ns = namespaceOf(p);
  let code = 0;
  for (const { type, name } of ts) {
    const o = listObjects(engine, type.plural, type.namespaced ? ns : null).find((x) => x.name === name);
    if (!o) {
      code = fail(ctx, `Error from server (NotFound): ${qualifiedPlural(type)} "${name}" not found`);
      continue;
    }
    if (!EXPOSABLE.has(type.plural)) {
      code = fail(ctx, `error: cannot expose a ${type.group ? `${type.kind}.${type.group}` : type.kind}`);
      continue;
    }
    const r = exposeOne(ctx, p.values.has('port') ? flagString(p, 'port') : '', {
      protocol: flagString(p, 'protocol'), type: flagString(p, 'type'), selector: flagString(p, 'selector'), labels: flagString(p, 'labels'),
      targetPort: flagString(p, 'target-port'), name: flagString(p, 'name'), sessionAffinity: flagString(p, 'session-affinity'),
      clusterIP: flagString(p, 'cluster-ip'), externalIP: flagString(p, 'external-ip'), overrides: flagString(p, 'overrides'),
    }, o, ns, dry, output);
    if (r !== 0) code = r;
  }
  return code;
}

interface ExposeOpts {
  protocol: string; type: string; selector: string; labels: string; targetPort: string; name: string;
  sessionAffinity: string; clusterIP: string; externalIP: string; overrides: string;
}

function exposeOne(ctx: CommandContext, portFlag: string, f: ExposeOpts, o: KubeObject, ns: string, dry: string, output: string): number {
  const engine = ctx.cluster!;
  const info = introspect(o);
  let selector: Record<string, string>;
  if (f.selector !== '') {
    const s = parseLabels(f.selector);
    if (typeof s === 'string') return fail(ctx, `error: ${s}`);
    selector = s;
  } else {
    if (typeof info.selector === 'string') return fail(ctx, `error: couldn't retrieve selectors via --selector flag or introspection: ${info.selector}`);
    selector = info.selector;
  }
  // Ports: --port, else what the object declares (one: that one; several: all, named port-1, port-2, ...).
  const portStrings = portFlag !== '' ? [portFlag] : info.ports.map((x) => String(x.port));
  if (portStrings.length === 0 && f.clusterIP !== 'None') return fail(ctx, "error: couldn't find port via --port flag or introspection");
  const protocolOf = new Map(info.ports.map((x) => [String(x.port), x.protocol]));
  let labels: Record<string, string> = { ...info.labels };
  if (f.labels !== '') {
    const l = parseLabels(f.labels);
    if (typeof l === 'string') return fail(ctx, `error: ${l}`);
    labels = l;
  }
  const name = f.name !== '' ? f.name : o.name.slice(0, 63);
  const ports: ServiceSpec['ports'] = [];
  for (const [i, ps] of portStrings.entries()) {
    const port = atoiInt32(ps);
    if (typeof port === 'string') return fail(ctx, `error: ${port}`);
    const protocol = f.protocol !== '' ? f.protocol : protocolOf.get(ps) ?? 'TCP';
    let targetPort: number | string = port;
    if (f.targetPort !== '') {
      const t = atoiInt32(f.targetPort);
      targetPort = typeof t === 'number' ? t : f.targetPort;
    }
    ports.push({ ...(portStrings.length > 1 ? { name: `port-${i + 1}` } : {}), port, targetPort, protocol });
  }
  if (f.sessionAffinity !== '' && f.sessionAffinity !== 'None') {
    if (f.sessionAffinity !== 'ClientIP') return fail(ctx, `error: unknown session affinity: ${f.sessionAffinity}`);
    return fail(ctx, 'podlab: ClientIP session affinity is not in this lab yet; leave --session-affinity out.');
  }
  if (f.externalIP !== '') return fail(ctx, 'podlab: external IPs are not in this lab yet; leave --external-ip out.');
  if (f.overrides !== '') return fail(ctx, 'podlab: --overrides is not in this lab yet.');
  const spec: ServiceSpec = { name, type: f.type !== '' ? f.type : 'ClusterIP', ports, selector, labels, ...(f.clusterIP !== '' ? { clusterIP: f.clusterIP } : {}) };
  if (dry === 'client' || dry === 'server') {
    ctx.io.out(output === 'name' ? `service/${name}\n` : `service/${name} exposed (${dry === 'server' ? 'server ' : ''}dry run)\n`);
    return 0;
  }
  const r = engine.createService(spec, ns);
  if ('error' in r) return fail(ctx, r.error);
  if (output === '') ctx.io.out(`service/${name} exposed\n`);
  else if (output === 'name') ctx.io.out(`service/${name}\n`);
  else {
    const created = listObjects(engine, 'services', ns).find((x) => x.name === name)!;
    const doc = toApi(created, engine);
    ctx.io.out(output === 'yaml' ? toYaml(doc as YamlValue) : toGoJson(doc));
  }
  return 0;
}
