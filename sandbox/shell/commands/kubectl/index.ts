/**
 * kubectl: global flags may come before the subcommand (`kubectl -n kube-system
 * get pods`), then dispatch to one file per subcommand. Unknown commands get
 * cobra's "Did you mean this?"; subcommands the lab does not back say so.
 */
import { suggestionsFor } from '../../suggest';
import type { CommandContext, CommandSpec } from '../../types';
import { runDebug, runExec } from './attach';
import { GLOBAL_FLAGS, fail } from './common';
import { runDescribe } from './describe';
import { runExpose } from './expose';
import { runGet } from './get';
import { helpFor, KUBECTL_COMMANDS, KUBECTL_HELP } from './help';
import { runApiResources, runClusterInfo, runConfig, runExplain, runLogs, runVersion } from './info';
import { runCreate, runDelete, runRun, runScale } from './workload';

import { completeKubectl } from './complete';

export { completeKubectl };

const RUNNERS: Record<string, (ctx: CommandContext, args: string[]) => number> = {
  get: runGet, describe: runDescribe, create: runCreate, expose: runExpose, run: runRun, scale: runScale, delete: runDelete,
  exec: runExec, debug: runDebug, logs: runLogs, 'cluster-info': runClusterInfo, version: runVersion,
  config: runConfig, 'api-resources': runApiResources, explain: runExplain,
};

/** Splits leading global flags from the subcommand and its arguments. */
function splitGlobal(args: readonly string[]): { sub?: string; rest: string[] } {
  const lead: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const a = args[i] as string;
    if (!a.startsWith('-') || a === '-') return { sub: a, rest: [...lead, ...args.slice(i + 1)] };
    if (a === '--') return { sub: args[i + 1], rest: [...lead, ...args.slice(i + 2)] };
    lead.push(a);
    const long = a.startsWith('--') ? GLOBAL_FLAGS.find((f) => f.name === a.slice(2)) : undefined;
    const short = !a.startsWith('--') && a.length === 2 ? GLOBAL_FLAGS.find((f) => f.short === a[1]) : undefined;
    const spec = long ?? short;
    if (spec && spec.type !== 'bool' && i + 1 < args.length) {
      lead.push(args[i + 1] as string);
      i += 1;
    }
  }
  return { rest: lead };
}

export const kubectl: CommandSpec = {
  name: 'kubectl',
  summary: 'talk to the Kubernetes API server',
  usage: 'kubectl [flags] [options]',
  subcommands: KUBECTL_COMMANDS,
  complete(before, c) {
    // The shell filters by the word being typed; offer what fits a plain word and a flag.
    return [...completeKubectl([...before, ''], c.cluster), ...completeKubectl([...before, '-'], c.cluster)];
  },
  run(ctx) {
    const { sub, rest } = splitGlobal(ctx.args);
    if (sub === undefined) {
      if (rest.some((a) => a === '-h' || a === '--help') || rest.length === 0) {
        ctx.io.out(KUBECTL_HELP);
        return 0;
      }
      const bad = rest.find((a) => a.startsWith('-') && a !== '-') ?? '';
      const known = GLOBAL_FLAGS.some((f) => `--${f.name}` === bad.split('=')[0] || `-${f.short}` === bad);
      if (known) {
        ctx.io.out(KUBECTL_HELP);
        return 0;
      }
      return fail(ctx, bad.startsWith('--') ? `error: unknown flag: ${bad.split('=')[0]}\nSee 'kubectl --help' for usage.` : `error: unknown shorthand flag: '${bad[1]}' in ${bad}\nSee 'kubectl --help' for usage.`);
    }
    if (sub === 'help') {
      const topic = rest.find((a) => !a.startsWith('-'));
      if (topic === undefined) {
        ctx.io.out(KUBECTL_HELP);
        return 0;
      }
      const h = helpFor(topic);
      if (h === null) return fail(ctx, `Unknown help topic [\`${topic}\`]\n${KUBECTL_HELP}`);
      ctx.io.out(h);
      return 0;
    }
    if (!KUBECTL_COMMANDS.includes(sub)) {
      const suggestions = suggestionsFor(sub, KUBECTL_COMMANDS);
      let message = `error: unknown command "${sub}" for "kubectl"\n`;
      if (suggestions.length > 0) message += `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`;
      ctx.io.err(message);
      return 1;
    }
    const flagsOnly = rest.filter((a, i) => rest.indexOf('--') < 0 || i < rest.indexOf('--'));
    if (flagsOnly.includes('--help') || flagsOnly.includes('-h')) {
      const words = [sub, ...rest.filter((a) => !a.startsWith('-')).slice(0, 2)];
      ctx.io.out(helpFor(words.join(' ')) ?? helpFor(sub) ?? KUBECTL_HELP);
      return 0;
    }
    const runner = RUNNERS[sub];
    if (!runner) return fail(ctx, `podlab: "kubectl ${sub}" is not in this lab yet; try "kubectl help" for what is.`);
    return runner(ctx, rest);
  },
};
