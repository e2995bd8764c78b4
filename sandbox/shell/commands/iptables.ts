/**
 * iptables 1.8.4 (legacy, Ubuntu 20.04, as in minikube's node image) over a
 * node's tables: `iptables [-t TABLE] -L [CHAIN [N]] [-n] [-v] [-x]
 * [--line-numbers]`, `-S [CHAIN [N]] [-v]`, and `iptables-save [-t TABLE] [-c]`.
 * nat holds docker's, kubelet's, kube-proxy's and kindnet's rules; filter and
 * mangle kubelet's and kube-proxy's; raw is empty. Other namespaces (a pod's)
 * list empty built-in chains. Changing rules is not simulated. Non-root users
 * get iptables' real permission error.
 *
 * Sources for the formats: iptables/iptables.c (print_header, print_firewall,
 * list_rules), iptables-save.c, libxt_*.c print and save functions; checked
 * against iptables' own output in tests/conformance.
 */
import type { IptablesTable } from '../../model/cluster';
import { formatList, type ListChain } from '../format/iptables-list';
import { BUILTIN_CHAINS, chainOrder, formatRules, formatSave, quoteSpec, ruleOrder } from '../format/iptables-save';
import { canAdministerNetwork } from '../places';
import type { CommandContext, CommandSpec } from '../types';
import { hostsFile } from './net/common';

const VERSION = 'iptables v1.8.4 (legacy)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

function builtinOnly(name: string): IptablesTable {
  return { chains: (BUILTIN_CHAINS[name] ?? []).map((c) => ({ name: c, policy: 'ACCEPT' as const })), rules: [] };
}

function tableOf(ctx: CommandContext, name: string): IptablesTable {
  const node = ctx.place.node;
  const e = ctx.cluster;
  if (!e || !node || ctx.place.kind !== 'node') return builtinOnly(name);
  const t = e.iptables(node);
  if (name === 'nat') return t?.nat ?? builtinOnly(name);
  if (name === 'filter') return t?.filter ?? builtinOnly(name);
  if (name === 'mangle') return t?.mangle ?? builtinOnly(name);
  return builtinOnly(name);
}

const targetOf = (spec: readonly string[]) => {
  const i = Math.max(spec.lastIndexOf('-j'), spec.lastIndexOf('-g'));
  return i >= 0 ? spec[i + 1] : undefined;
};

function listChains(t: IptablesTable, table: string, chain?: string): ListChain[] {
  const refs = new Map<string, number>();
  for (const r of t.rules) {
    const target = targetOf(r.spec);
    if (target) refs.set(target, (refs.get(target) ?? 0) + 1);
  }
  const rules = ruleOrder(t, table);
  return chainOrder(t, table)
    .filter((c) => !chain || c.name === chain)
    .map((c) => ({ name: c.name, ...(c.policy ? { policy: c.policy } : {}), references: refs.get(c.name) ?? 0, rules: rules.filter((r) => r.chain === c.name).map((r) => r.spec) }));
}

/** gethostbyaddr through the place's /etc/hosts: the first name of the first line with that address. */
function hostNames(ctx: CommandContext): (ip: string) => string | undefined {
  let map: Map<string, string> | undefined;
  return (ip) => {
    if (!map) {
      map = new Map();
      for (const line of hostsFile(ctx).split('\n')) {
        const [addr, name] = line.replace(/#.*/, '').trim().split(/\s+/);
        if (addr && name && !map.has(addr)) map.set(addr, name);
      }
    }
    return map.get(ip);
  };
}

function denied(ctx: CommandContext, table: string): number {
  ctx.io.err(`${VERSION}: can't initialize iptables table \`${table}': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
  return 3;
}

const MODIFY = new Set(['-A', '--append', '-D', '--delete', '-I', '--insert', '-F', '--flush', '-N', '--new-chain', '-X', '--delete-chain', '-P', '--policy', '-R', '--replace', '-Z', '--zero', '-E', '--rename-chain', '-C', '--check']);

export const iptables: CommandSpec = {
  name: 'iptables',
  summary: 'list packet filter and NAT rules (filter, nat, mangle, raw)',
  usage: 'iptables [-t table] {-L [chain [rulenum]] [-n] [-v] [-x] [--line-numbers] | -S [chain [rulenum]] [-v]}',
  run(ctx) {
    let table = 'filter';
    let mode: 'L' | 'S' | null = null;
    let numeric = false;
    let verbose = false;
    let exact = false;
    let lineNumbers = false;
    let chain: string | undefined;
    let rulenum: number | undefined;
    const a = ctx.args;
    // add_command's message carries its own newline before xtables_error's.
    const conflict = (now: string, before: string) => {
      ctx.io.err(`${VERSION}: Cannot use -${now} with -${before}\n\n${TRY}`);
      return 2;
    };
    /** -L and -S take an optional chain and rule number from the words that follow. */
    const takeChain = (i: number): number => {
      let j = i;
      const next = a[j + 1];
      if (next !== undefined && !next.startsWith('-') && next !== '!') {
        chain = next;
        j++;
        const num = a[j + 1];
        if (num !== undefined && /^\d+$/.test(num)) {
          rulenum = Number(num);
          j++;
        }
      }
      return j;
    };
    for (let i = 0; i < a.length; i++) {
      const w = a[i]!;
      if (w === '-t' || w === '--table') {
        const v = a[++i];
        if (v === undefined) {
          ctx.io.err(`${VERSION}: option "${w}" requires an argument\n${TRY}`);
          return 2;
        }
        table = v;
      } else if (/^-t[a-z]+$/.test(w)) table = w.slice(2);
      else if (w.startsWith('--table=')) table = w.slice(8);
      else if (w === '--list' || w === '--list-rules') {
        const m = w === '--list' ? 'L' : 'S';
        if (mode && mode !== m) return conflict(m, mode);
        mode = m;
        i = takeChain(i);
      } else if (w === '--numeric') numeric = true;
      else if (w === '--verbose') verbose = true;
      else if (w === '--exact') exact = true;
      else if (w === '--line-numbers') lineNumbers = true;
      else if (/^-[nvxLS]+$/.test(w)) {
        if (w.includes('n')) numeric = true;
        if (w.includes('v')) verbose = true;
        if (w.includes('x')) exact = true;
        const m = w.includes('L') ? 'L' : w.includes('S') ? 'S' : null;
        if (m) {
          if (mode && mode !== m) return conflict(m, mode);
          mode = m;
          // The optional chain follows only when the command letter ends the group (-nvL CHAIN).
          if (w.endsWith(m)) i = takeChain(i);
        }
      } else if (w === '-V' || w === '--version') {
        ctx.io.out(`${VERSION}\n`);
        return 0;
      } else if (MODIFY.has(w)) {
        if (!canAdministerNetwork(ctx.place)) return denied(ctx, table);
        ctx.io.err('podlab: changing iptables rules is not simulated in this lab\n');
        return 1;
      } else if (w.startsWith('-')) {
        ctx.io.err(`${VERSION}: unknown option "${w}"\n${TRY}`);
        return 2;
      } else {
        ctx.io.err(`Bad argument \`${w}'\n${TRY}`);
        return 2;
      }
    }
    if (!BUILTIN_CHAINS[table]) {
      ctx.io.err(`${VERSION}: can't initialize iptables table \`${table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return 3;
    }
    if (!mode) {
      ctx.io.err(`${VERSION}: no command specified\n${TRY}`);
      return 2;
    }
    if (!canAdministerNetwork(ctx.place)) return denied(ctx, table);
    const t = tableOf(ctx, table);
    if (chain && !t.chains.some((c) => c.name === chain) && !(BUILTIN_CHAINS[table] ?? []).includes(chain)) {
      ctx.io.err('iptables: No chain/target/match by that name.\n');
      return 1;
    }
    if (rulenum !== undefined) {
      const rules = ruleOrder(t, table).filter((r) => r.chain === chain);
      const r = rules[rulenum - 1];
      if (!r) return 0; // list_rules and list_entries print nothing for a rule number past the end
      if (mode === 'S') ctx.io.out(`-A ${r.chain} ${quoteSpec(r.spec)}${verbose ? ' -c 0 0' : ''}\n`);
      else ctx.io.out(`${formatList([{ name: r.chain, references: 0, rules: [r.spec] }], { numeric, verbose, exact, lineNumbers }).split('\n').slice(2).join('\n')}`);
      return 0;
    }
    if (mode === 'S') {
      ctx.io.out(formatRules(t, table, chain, verbose));
      return 0;
    }
    ctx.io.out(formatList(listChains(t, table, chain), { numeric, verbose, exact, lineNumbers, hostName: hostNames(ctx) }));
    return 0;
  },
};

export const iptablesSave: CommandSpec = {
  name: 'iptables-save',
  summary: 'dump iptables rules',
  usage: 'iptables-save [-c] [-t table]',
  run(ctx) {
    let tables: string[] | null = null;
    let counters = false;
    const a = ctx.args;
    for (let i = 0; i < a.length; i++) {
      const w = a[i]!;
      if (w === '-t' || w === '--table' || /^-t[a-z]+$/.test(w) || w.startsWith('--table=')) {
        const t = w === '-t' || w === '--table' ? a[++i] ?? '' : w.startsWith('--table=') ? w.slice(8) : w.slice(2);
        if (!BUILTIN_CHAINS[t]) {
          ctx.io.err(`iptables-save v1.8.4 (legacy): Cannot initialize: Table does not exist (do you need to insmod?)\n`);
          return 1;
        }
        tables = [t];
      } else if (w === '-c' || w === '--counters') counters = true;
      else {
        ctx.io.err(`iptables-save: unrecognized option '${w}'\n`);
        return 1;
      }
    }
    if (!canAdministerNetwork(ctx.place)) {
      ctx.io.err(`iptables-save v1.8.4 (legacy): Cannot initialize: Permission denied (you must be root)\n\n`);
      return 1;
    }
    // Without -t, the tables the kernel has loaded, most recently created first (/proc/net/ip_tables_names).
    const names = tables ?? (ctx.place.kind === 'node' && ctx.cluster && ctx.place.node && ctx.cluster.iptables(ctx.place.node)?.filter ? ['mangle', 'filter', 'nat'] : ['nat', 'filter']);
    for (const name of names) ctx.io.out(formatSave(tableOf(ctx, name), name, ctx.now, counters));
    return 0;
  },
};
