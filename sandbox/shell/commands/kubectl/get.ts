/**
 * `kubectl get`: types (aliases, `type/name`, comma lists, `all`), names,
 * -n/-A/-l, -o wide|name|yaml|json|jsonpath|custom-columns, --show-labels,
 * --no-headers. Several kinds print as separate tables, kind-prefixed, with a
 * blank line between them; an empty result says "No resources found ..." on
 * stderr; NotFound names are reported after what was found.
 */
import { flagBool, flagString, type FlagSpec, type ParsedFlags } from '../../flags';
import { tabulate } from '../../format/tabwriter';
import { toGoJson, toYaml, type YamlValue } from '../../format/kube-yaml';
import { customColumnsTable, jsonPath, parseCustomColumns } from '../../format/kube-jsonpath';
import type { CommandContext } from '../../types';
import { connectionRefused, fail, matches, namespaceOf, parseOrFail, parseSelector, formatLabels } from './common';
import { listApi, toApi, type Json } from './api';
import { listObjects, qualifiedPlural, qualifiedSingular, resolveType, typeNamed, type KubeObject, type ResourceType } from './model';
import { headerFor, rowFor } from './tables';

export const GET_FLAGS: readonly FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string', usage: "Output format. One of: (json, yaml, name, go-template, go-template-file, template, templatefile, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide)." },
  { name: 'selector', short: 'l', type: 'string', usage: 'Selector (label query) to filter on, supports \'=\', \'==\', and \'!=\'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.' },
  { name: 'all-namespaces', short: 'A', type: 'bool', usage: 'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.' },
  { name: 'show-labels', type: 'bool', usage: 'When printing, show all labels as the last column (default hide labels column).' },
  { name: 'no-headers', type: 'bool', usage: 'When using the default or custom-column output format, don\'t print headers (default print headers).' },
  { name: 'watch', short: 'w', type: 'bool', usage: 'After listing/getting the requested object, watch for changes.' },
  { name: 'watch-only', type: 'bool' },
  { name: 'show-kind', type: 'bool', usage: 'If present, list the resource type for the requested object(s).' },
  { name: 'ignore-not-found', type: 'bool', usage: 'If the requested object does not exist the command will return exit code 0.' },
  { name: 'field-selector', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'label-columns', short: 'L', type: 'stringArray' },
  { name: 'chunk-size', type: 'int' },
  { name: 'allow-missing-template-keys', type: 'bool' },
];

const OUTPUT_FORMATS =
  'custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml';

/** What `all` expands to (the "all" category) that the lab serves, in kubectl's order. */
const ALL = ['pods', 'services', 'daemonsets', 'deployments', 'replicasets'];

interface Request {
  type: ResourceType;
  names: string[];
}

type Output = { kind: 'table'; wide: boolean } | { kind: 'name' } | { kind: 'yaml' } | { kind: 'json' } | { kind: 'jsonpath'; template: string } | { kind: 'custom'; spec: string };

export function parseOutput(ctx: CommandContext, raw: string | undefined): Output | null {
  if (raw === undefined || raw === '') return { kind: 'table', wide: false };
  if (raw === 'wide') return { kind: 'table', wide: true };
  if (raw === 'name' || raw === 'yaml' || raw === 'json') return { kind: raw };
  const eq = raw.indexOf('=');
  const format = eq >= 0 ? raw.slice(0, eq) : raw;
  const arg = eq >= 0 ? raw.slice(eq + 1) : '';
  if (format === 'jsonpath' || format === 'jsonpath-as-json') {
    if (arg === '') {
      fail(ctx, 'error: template format specified but no template given');
      return null;
    }
    return { kind: 'jsonpath', template: arg };
  }
  if (format === 'custom-columns') return { kind: 'custom', spec: arg };
  if (['go-template', 'template', 'go-template-file', 'templatefile', 'jsonpath-file', 'custom-columns-file'].includes(format)) {
    fail(ctx, `podlab: -o ${format} is not available in this lab; use -o jsonpath=... or -o custom-columns=...`);
    return null;
  }
  fail(ctx, `error: unable to match a printer suitable for the output format "${raw}", allowed formats are: ${OUTPUT_FORMATS}`);
  return null;
}

/** Turns positionals into requests; prints kubectl's error and returns null when they are wrong. */
export function parseRequests(ctx: CommandContext, positionals: string[], cmd: string): Request[] | null {
  const first = positionals[0] as string;
  const slashed = positionals.filter((p) => p.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== positionals.length) {
      fail(ctx, `error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl ${cmd} resource/<resource_name>' instead of 'kubectl ${cmd} resource resource/<resource_name>'`);
      return null;
    }
    const reqs: Request[] = [];
    for (const p of positionals) {
      const slash = p.indexOf('/');
      const typeWord = p.slice(0, slash);
      const name = p.slice(slash + 1);
      const type = resolveType(typeWord);
      if (!type) {
        fail(ctx, `error: the server doesn't have a resource type "${typeWord}"`);
        return null;
      }
      if (name === '') {
        fail(ctx, `error: arguments in resource/name form must have a single resource and name`);
        return null;
      }
      const existing = reqs.find((r) => r.type === type);
      if (existing) existing.names.push(name);
      else reqs.push({ type, names: [name] });
    }
    return reqs;
  }
  const names = positionals.slice(1);
  const reqs: Request[] = [];
  for (const word of first.split(',')) {
    if (word === '') continue;
    if (word.toLowerCase() === 'all') {
      for (const t of ALL) if (!reqs.some((r) => r.type.plural === t)) reqs.push({ type: typeNamed(t), names });
      continue;
    }
    const type = resolveType(word);
    if (!type) {
      fail(ctx, `error: the server doesn't have a resource type "${word}"`);
      return null;
    }
    if (!reqs.some((r) => r.type === type)) reqs.push({ type, names });
  }
  if (reqs.length === 0) {
    fail(ctx, `error: the server doesn't have a resource type "${first}"`);
    return null;
  }
  return reqs;
}

function unbacked(ctx: CommandContext, t: ResourceType): number {
  return fail(ctx, `podlab: this lab does not model ${t.plural} yet; try "kubectl api-resources" for the types it serves.`);
}

export function runGet(ctx: CommandContext, args: string[]): number {
  const p = parseOrFail(ctx, 'kubectl get', args, GET_FLAGS);
  if (!p) return 1;
  const output = parseOutput(ctx, p.values.has('output') ? flagString(p, 'output') : undefined);
  if (!output) return 1;
  if (p.positionals.length === 0) {
    return fail(
      ctx,
      'You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n' +
        'error: Required resource not specified.\n' +
        'Use "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\n' +
        "See 'kubectl get -h' for help and examples",
    );
  }
  if (ctx.cluster === null) return connectionRefused(ctx);
  const selector = parseSelector(flagString(p, 'selector'));
  if (typeof selector === 'string') return fail(ctx, `error: ${selector}`);
  const reqs = parseRequests(ctx, p.positionals, 'get');
  if (!reqs) return 1;
  for (const r of reqs) if (!r.type.backed) return unbacked(ctx, r.type);
  if (flagBool(p, 'watch') || flagBool(p, 'watch-only')) {
    return fail(ctx, 'podlab: --watch streams changes as they happen; this lab\'s clock only moves between commands, so run "kubectl get" again to see what changed.');
  }
  return printGet(ctx, p, reqs, output, selector);
}

function printGet(ctx: CommandContext, p: ParsedFlags, reqs: Request[], output: Output, selector: Exclude<ReturnType<typeof parseSelector>, string>): number {
  const engine = ctx.cluster!;
  const allNs = flagBool(p, 'all-namespaces');
  const ns = namespaceOf(p);
  const groups: Array<{ type: ResourceType; objects: KubeObject[] }> = [];
  const errors: string[] = [];
  const byName = reqs.some((r) => r.names.length > 0);
  for (const r of reqs) {
    const scope = r.type.namespaced ? (allNs && r.names.length === 0 ? null : ns) : null;
    let objects = listObjects(engine, r.type.plural, scope);
    if (r.names.length > 0) {
      const found: KubeObject[] = [];
      for (const name of r.names) {
        const o = objects.find((x) => x.name === name);
        if (o) found.push(o);
        else if (!flagBool(p, 'ignore-not-found')) errors.push(`Error from server (NotFound): ${qualifiedPlural(r.type)} "${name}" not found`);
      }
      objects = found;
    }
    objects = objects.filter((o) => matches(selector, o.labels));
    groups.push({ type: r.type, objects });
  }
  const total = groups.reduce((s, g) => s + g.objects.length, 0);
  const withKind = flagBool(p, 'show-kind') || groups.length > 1;
  const nsColumn = allNs;
  let printed = '';
  if (output.kind === 'table') {
    const tables: string[] = [];
    for (const g of groups) {
      if (g.objects.length === 0) continue;
      const header = headerFor(g.type.plural, output.wide);
      if (nsColumn && g.type.namespaced) header.unshift('NAMESPACE');
      if (flagBool(p, 'show-labels')) header.push('LABELS');
      const rows = g.objects.map((o) => {
        const name = withKind ? `${qualifiedSingular(g.type)}/${o.name}` : o.name;
        const row = rowFor(o, engine, ctx.now, output.wide, name);
        if (nsColumn && g.type.namespaced) row.unshift(o.namespace);
        if (flagBool(p, 'show-labels')) row.push(formatLabels(o.labels));
        return row;
      });
      tables.push(tabulate(flagBool(p, 'no-headers') ? rows : [header, ...rows]));
    }
    printed = tables.join(flagBool(p, 'no-headers') ? '' : '\n');
  } else if (output.kind === 'name') {
    for (const g of groups) for (const o of g.objects) printed += `${qualifiedSingular(g.type)}/${o.name}\n`;
  } else {
    const items = groups.flatMap((g) => g.objects.map((o) => toApi(o, engine)));
    const single = byName && reqs.length === 1 && reqs[0]!.names.length === 1 && items.length === 1;
    const doc: Json = single ? (items[0] as Json) : listApi(items);
    if (output.kind === 'yaml') printed = toYaml(doc as YamlValue);
    else if (output.kind === 'json') printed = toGoJson(doc);
    else if (output.kind === 'jsonpath') {
      try {
        printed = jsonPath(output.template, doc);
      } catch (e) {
        return fail(ctx, `error: error parsing jsonpath ${output.template}, ${e instanceof Error ? e.message : String(e)}`);
      }
    } else {
      const cols = parseCustomColumns(output.spec);
      if (typeof cols === 'string') return fail(ctx, `error: ${cols}`);
      printed = customColumnsTable(cols, single ? [doc] : items, !flagBool(p, 'no-headers'));
    }
  }
  ctx.io.out(printed);
  for (const e of errors) ctx.io.err(`${e}\n`);
  if (total === 0 && errors.length === 0 && output.kind === 'table' && !byName) {
    const namespaced = groups.every((g) => g.type.namespaced);
    ctx.io.err(namespaced && !allNs ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  }
  return errors.length > 0 ? 1 : 0;
}
