/**
 * Completion candidates for a kubectl command line, for the shell's completer:
 * subcommands, then resource types after get/describe/delete/scale/..., live
 * names after a type (or `type/` prefixes), and flag names after `-`.
 */
import type { Engine } from '../../../engine';
import { GLOBAL_FLAGS } from './common';
import { CREATE_SERVICE_SUBCOMMANDS } from './create-service';
import { GET_FLAGS } from './get';
import { KUBECTL_COMMANDS } from './help';
import { listObjects, RESOURCE_TYPES, resolveType } from './model';

const TYPED = new Set(['get', 'describe', 'delete', 'scale', 'expose', 'edit', 'label', 'annotate', 'explain']);

const SUB_FLAGS: Record<string, string[]> = {
  get: GET_FLAGS.map((f) => `--${f.name}`),
  exec: ['--container', '--stdin', '--tty'],
  debug: ['--image', '--stdin', '--tty', '--container', '--target', '--quiet'],
  create: ['--image', '--replicas', '--port', '--dry-run', '--tcp', '--clusterip', '--node-port', '--external-name', '--output'],
  scale: ['--replicas'],
  expose: ['--port', '--target-port', '--protocol', '--name', '--type', '--selector', '--labels', '--dry-run'],
  delete: ['--all', '--selector', '--force', '--grace-period', '--now'],
  logs: ['--container', '--follow', '--previous', '--tail', '--timestamps'],
  run: ['--image', '--port', '--labels', '--restart', '--rm', '--stdin', '--tty'],
  version: ['--client', '--output', '--short'],
};

/**
 * `words` are the words already typed after `kubectl` (the last one is the
 * word being completed, possibly ""). Returns candidates that start with it.
 */
export function completeKubectl(words: readonly string[], engine: Engine | null): string[] {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  const positional = before.filter((w) => !w.startsWith('-'));
  const sub = positional[0];
  let pool: string[] = [];
  if (current.startsWith('-')) pool = [...(sub ? SUB_FLAGS[sub] ?? [] : []), ...GLOBAL_FLAGS.map((f) => `--${f.name}`)];
  else if (sub === undefined) pool = KUBECTL_COMMANDS;
  else if (sub === 'create' && positional.length === 1) pool = ['deployment', 'service'];
  else if (sub === 'create' && positional.length === 2 && (positional[1] === 'service' || positional[1] === 'svc')) pool = CREATE_SERVICE_SUBCOMMANDS;
  else if (sub === 'config' && positional.length === 1) pool = ['current-context', 'get-contexts', 'view'];
  else if (['exec', 'logs', 'debug'].includes(sub) && positional.length === 1) {
    pool = engine ? listObjects(engine, 'pods', 'default').map((o) => o.name) : [];
    if (sub === 'debug' && engine) pool.push(...engine.nodes().map((n) => `node/${n.name}`));
  } else if (TYPED.has(sub) && positional.length === 1) {
    if (current.includes('/')) {
      const t = resolveType(current.slice(0, current.indexOf('/')));
      pool = t && engine ? listObjects(engine, t.plural, t.namespaced ? 'default' : null).map((o) => `${current.slice(0, current.indexOf('/'))}/${o.name}`) : [];
    } else pool = RESOURCE_TYPES.filter((t) => t.backed).map((t) => t.plural);
  } else if (TYPED.has(sub) && positional.length >= 2 && engine) {
    const t = resolveType(positional[1] as string);
    const ns = nsOf(before);
    pool = t ? listObjects(engine, t.plural, t.namespaced ? ns : null).map((o) => o.name) : [];
  }
  return [...new Set(pool)].filter((c) => c.startsWith(current)).sort();
}

function nsOf(words: readonly string[]): string {
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i] as string;
    if ((w === '-n' || w === '--namespace') && words[i + 1]) return words[i + 1] as string;
    if (w.startsWith('--namespace=')) return w.slice(12);
    if (w.startsWith('-n') && w.length > 2) return w.slice(2);
  }
  return 'default';
}
