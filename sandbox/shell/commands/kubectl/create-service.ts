/**
 * `kubectl create service clusterip|nodeport|loadbalancer|externalname NAME`
 * as kubectl v1.25.2 runs it (kubectl pkg/cmd/create/create_service.go):
 *  1. cobra: flag errors, then required flags (--external-name);
 *  2. Complete: exactly one NAME (NameFromCommandArgs), the dry-run strategy;
 *  3. Validate: ClusterIP=None only for clusterip, at least one --tcp unless
 *     headless or externalname, an RFC 1123 subdomain as the external name;
 *  4. Run: each --tcp `port[:targetPort]` parsed (utilsnet.ParsePort, then
 *     Atoi or a port name), named `port-targetPort`, protocol TCP, with
 *     --node-port on every port; labels and selector `app=NAME`; POSTed
 *     unless --dry-run=client. A server error comes back wrapped:
 *     `error: failed to create ClusterIP service: <status message>`.
 * Success prints `service/NAME created` (PrintFlags "created").
 */
import { Engine, type ServiceSpec } from '../../../engine';
import { dns1123SubdomainErrors, portNameErrors, PORT_RANGE } from '../../../control/services';
import { flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import { toGoJson, toYaml, type YamlValue } from '../../format/kube-yaml';
import type { CommandContext } from '../../types';
import { toApi, type Json } from './api';
import { connectionRefused, fail, GLOBAL_FLAGS, namespaceOf, parseOrFail } from './common';
import { listObjects } from './model';

type Kind = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

const COMMON_FLAGS: readonly FlagSpec[] = [
  { name: 'tcp', type: 'stringArray', usage: "Port pairs can be specified as '<port>:<targetPort>'." },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'allow-missing-template-keys', type: 'bool' },
  { name: 'show-managed-fields', type: 'bool' },
  { name: 'template', type: 'string' },
  { name: 'save-config', type: 'bool' },
  { name: 'validate', type: 'string' },
  { name: 'field-manager', type: 'string' },
];

const SUBCOMMANDS: Record<string, { kind: Kind; flags: readonly FlagSpec[] }> = {
  clusterip: { kind: 'ClusterIP', flags: [...COMMON_FLAGS, { name: 'clusterip', type: 'string', usage: "Assign your own ClusterIP or set to 'None' for a 'headless' service (no loadbalancing)." }] },
  nodeport: { kind: 'NodePort', flags: [...COMMON_FLAGS, { name: 'node-port', type: 'int', usage: 'Port used to expose the service on each node in a cluster.' }] },
  loadbalancer: { kind: 'LoadBalancer', flags: COMMON_FLAGS },
  externalname: { kind: 'ExternalName', flags: [...COMMON_FLAGS, { name: 'external-name', type: 'string', usage: 'External name of service' }] },
};

export const CREATE_SERVICE_SUBCOMMANDS = Object.keys(SUBCOMMANDS).sort();

/** Every flag of the create service commands that takes a value (so the word after it is not a subcommand). */
const VALUE_FLAGS: readonly FlagSpec[] = [...GLOBAL_FLAGS, ...Object.values(SUBCOMMANDS).flatMap((x) => x.flags)].filter((f) => f.type !== 'bool');

/** Index of the first positional word, skipping flags and the values of `valued` flags given as `--flag value`; -1 if none. */
export function positionalIndex(args: readonly string[], valued: readonly FlagSpec[]): number {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') return i + 1 < args.length ? i + 1 : -1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.includes('=')) continue;
    const takes = a.startsWith('--') ? valued.some((f) => f.name === a.slice(2)) : a.length === 2 && valued.some((f) => f.short === a[1]);
    if (takes) i++;
  }
  return -1;
}

/** `kubectl create service` with no subcommand: cobra's help, on stderr (DefaultSubCommandRun). */
export const CREATE_SERVICE_HELP = `Create a service using a specified subcommand.

Aliases:
service, svc

Available Commands:
  clusterip      Create a ClusterIP service
  externalname   Create an ExternalName service
  loadbalancer   Create a LoadBalancer service
  nodeport       Create a NodePort service

Usage:
  kubectl create service [flags] [options]

Use "kubectl <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

/** Go's strconv.Quote, for the ASCII the lab's terminal sends. */
const goQuote = (s: string) => JSON.stringify(s);

/** utilsnet.ParsePort(s, true): strconv.ParseUint(s, 10, 16). */
function parsePort(s: string): number | string {
  if (!/^[0-9]+$/.test(s)) return `strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`;
  const n = Number(s);
  if (n > 65535) return `strconv.ParseUint: parsing ${goQuote(s)}: value out of range`;
  return n;
}

/** Go's strconv.Atoi: the int, or undefined where it fails (syntax or range). */
function atoi(s: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const big = BigInt(s);
  if (big > 2n ** 63n - 1n || big < -(2n ** 63n)) return undefined;
  return Number(big);
}

/** create_service.go parsePorts: `port[:targetPort]`; the error is the text kubectl prints after "error: ". */
function parsePorts(spec: string): { port: number; targetPort: number | string } | string {
  const parts = spec.split(':');
  const port = parsePort(parts[0] as string);
  if (typeof port === 'string') return port;
  if (parts.length === 1) return { port, targetPort: port };
  const t = parts[1] as string;
  const n = atoi(t);
  if (n === undefined) {
    const errs = portNameErrors(t);
    return errs.length > 0 ? errs.join(',') : { port, targetPort: t };
  }
  if (n < 1 || n > 65535) return PORT_RANGE;
  return { port, targetPort: n };
}

/** The object `kubectl create service` builds (what --dry-run=client prints). */
function clientObject(spec: ServiceSpec, namespace: string | undefined): Json {
  const svcSpec: Record<string, Json> = {};
  if (spec.clusterIP) svcSpec.clusterIP = spec.clusterIP;
  if (spec.externalName) svcSpec.externalName = spec.externalName;
  if (spec.ports.length > 0) {
    svcSpec.ports = spec.ports.map((p) => ({ name: p.name ?? '', ...(p.nodePort ? { nodePort: p.nodePort } : {}), port: p.port, protocol: p.protocol, targetPort: p.targetPort }));
  }
  svcSpec.selector = { ...spec.selector };
  svcSpec.type = spec.type;
  return {
    apiVersion: 'v1', kind: 'Service',
    metadata: { creationTimestamp: null, labels: { ...spec.labels }, name: spec.name, ...(namespace ? { namespace } : {}) },
    spec: svcSpec, status: { loadBalancer: {} },
  };
}

function printCreated(ctx: CommandContext, output: string, name: string, obj: () => Json, suffix: string): void {
  if (output === 'name') ctx.io.out(`service/${name}\n`);
  else if (output === 'yaml') ctx.io.out(toYaml(obj() as YamlValue));
  else if (output === 'json') ctx.io.out(toGoJson(obj()));
  else ctx.io.out(`service/${name} created${suffix}\n`);
}

/** `kubectl create service ...`; `args` are the words after `create`, `service` (or `svc`) included. */
export function runCreateService(ctx: CommandContext, args: string[]): number {
  const at = positionalIndex(args, VALUE_FLAGS);
  const rest = [...args.slice(0, at), ...args.slice(at + 1)];
  const subIndex = positionalIndex(rest, VALUE_FLAGS);
  const subWord = subIndex >= 0 ? (rest[subIndex] as string) : undefined;
  const sub = subWord === undefined ? undefined : SUBCOMMANDS[subWord];
  if (!sub) {
    const p = parseOrFail(ctx, 'kubectl create service', rest, []);
    if (!p) return 1;
    if (p.positionals.length > 0) return fail(ctx, `error: unknown command ${goQuote(p.positionals.join(' '))}\nSee 'kubectl create service -h' for help and examples`);
    ctx.io.err(CREATE_SERVICE_HELP);
    return 1;
  }
  const path = `kubectl create service ${subWord}`;
  const p = parseOrFail(ctx, path, [...rest.slice(0, subIndex), ...rest.slice(subIndex + 1)], sub.flags);
  if (!p) return 1;
  if (sub.kind === 'ExternalName' && !p.values.has('external-name')) return fail(ctx, 'error: required flag(s) "external-name" not set');
  return createService(ctx, p, sub.kind, path);
}

function createService(ctx: CommandContext, p: ParsedFlags, kind: Kind, path: string): number {
  const names = p.argsLenAtDash >= 0 ? p.positionals.slice(0, p.argsLenAtDash) : p.positionals;
  if (names.length !== 1) return fail(ctx, `error: exactly one NAME is required, got ${names.length}\nSee '${path} -h' for help and examples`);
  const name = names[0] as string;
  const dryFlag = p.values.has('dry-run') ? flagString(p, 'dry-run') : 'none';
  const dry = ['true', 'True', 'TRUE', 't', 'T', '1'].includes(dryFlag) ? 'client' : ['false', 'False', 'FALSE', 'f', 'F', '0'].includes(dryFlag) ? 'none' : dryFlag;
  if (!['none', 'client', 'server'].includes(dry)) return fail(ctx, `error: Invalid dry-run value (${dryFlag}). Must be "none", "server", or "client".`);
  const output = flagString(p, 'output');
  if (!['', 'name', 'yaml', 'json'].includes(output)) {
    if (['go-template', 'go-template-file', 'template', 'templatefile', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file'].includes(output.split('=')[0] as string)) {
      return fail(ctx, `podlab: -o ${output} is not available for "kubectl create service" in this lab; use -o yaml, -o json or -o name.`);
    }
    return fail(ctx, `error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml,name,go-template,go-template-file,template,templatefile,jsonpath,jsonpath-as-json,jsonpath-file`);
  }
  const tcp = ((p.values.get('tcp') as string[] | undefined) ?? []).flatMap((v) => (v === '' ? [] : v.split(',')));
  const clusterIP = flagString(p, 'clusterip');
  const externalName = flagString(p, 'external-name');
  // Validate.
  if (clusterIP === 'None' && kind !== 'ClusterIP') return fail(ctx, 'error: ClusterIP=None can only be used with ClusterIP service type');
  if (clusterIP !== 'None' && tcp.length === 0 && kind !== 'ExternalName') return fail(ctx, 'error: at least one tcp port specifier must be provided');
  if (kind === 'ExternalName' && dns1123SubdomainErrors(externalName).length > 0) return fail(ctx, `error: invalid service external name ${externalName}`);
  // Run: build the object.
  const nodePortFlag = p.values.get('node-port');
  const nodePort = typeof nodePortFlag === 'number' ? Number(BigInt.asIntN(32, BigInt(nodePortFlag))) : 0;
  const ports: ServiceSpec['ports'] = [];
  for (const s of tcp) {
    const parsed = parsePorts(s);
    if (typeof parsed === 'string') return fail(ctx, `error: ${parsed}`);
    ports.push({ name: s.replace(/:/g, '-'), port: parsed.port, targetPort: parsed.targetPort, protocol: 'TCP', ...(nodePort !== 0 ? { nodePort } : {}) });
  }
  const spec: ServiceSpec = {
    name, type: kind, ports, selector: { app: name }, labels: { app: name },
    ...(clusterIP !== '' ? { clusterIP } : {}), ...(kind === 'ExternalName' ? { externalName } : {}),
  };
  const explicitNs = p.values.has('namespace');
  const ns = namespaceOf(p);
  if (dry === 'client') {
    printCreated(ctx, output, name, () => clientObject(spec, explicitNs ? ns : undefined), ' (dry run)');
    return 0;
  }
  if (ctx.cluster === null) return connectionRefused(ctx);
  // A server dry run is the same request against a scratch copy: validated and allocated, never stored.
  const target = dry === 'server' ? Engine.fromJSON(ctx.cluster.toJSON()) : ctx.cluster;
  const r = target.createService(spec, ns);
  if ('error' in r) return fail(ctx, `error: failed to create ${kind} service: ${r.status.message}`);
  printCreated(ctx, output, name, () => toApi(listObjects(target, 'services', ns).find((o) => o.name === name)!, target), dry === 'server' ? ' (server dry run)' : '');
  return 0;
}
