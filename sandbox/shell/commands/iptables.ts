/**
 * iptables 1.8.4 (legacy, Ubuntu 20.04) over the engine's nat table:
 * `-t nat -S`, `-L [-n] [-v]`, and `iptables-save [-t nat]`. Only the nat
 * table is modelled; filter/mangle list as empty built-in chains. Non-root
 * users get iptables' real permission error.
 */
import type { IptablesTable } from '../../model/cluster';
import { formatSave, quoteSpec, ruleOrder } from '../format/iptables-save';
import { canAdministerNetwork } from '../places';
import type { CommandContext, CommandSpec } from '../types';

const BUILTIN: Record<string, string[]> = {
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  raw: ['PREROUTING', 'OUTPUT'],
};

function tableOf(ctx: CommandContext, name: string): IptablesTable | null {
  const node = ctx.place.node;
  const e = ctx.cluster;
  if (!e || !node || ctx.place.kind !== 'node') return { chains: (BUILTIN[name] ?? []).map((c) => ({ name: c, policy: 'ACCEPT' as const })), rules: [] };
  if (name === 'nat') return e.iptables(node)?.nat ?? null;
  return { chains: (BUILTIN[name] ?? []).map((c) => ({ name: c, policy: 'ACCEPT' as const })), rules: [] };
}

function formatS(t: IptablesTable, chain?: string): string {
  let s = '';
  for (const c of t.chains) if (!chain || c.name === chain) s += c.policy ? `-P ${c.name} ${c.policy}\n` : `-N ${c.name}\n`;
  for (const r of ruleOrder(t)) if (!chain || r.chain === chain) s += `-A ${r.chain} ${quoteSpec(r.spec)}\n`;
  return s;
}

interface Parsed {
  target: string;
  prot: string;
  src: string;
  dst: string;
  inIf: string;
  outIf: string;
  extra: string;
}

function parseRule(spec: string[], numeric: boolean): Parsed {
  const p: Parsed = { target: '', prot: 'all', src: numeric ? '0.0.0.0/0' : 'anywhere', dst: numeric ? '0.0.0.0/0' : 'anywhere', inIf: numeric ? '*' : 'any', outIf: numeric ? '*' : 'any', extra: '' };
  const addr = (a: string) => (numeric ? a : a === '127.0.0.0/8' ? 'localhost/8' : a);
  for (let i = 0; i < spec.length; i++) {
    const neg = spec[i] === '!';
    if (neg) i++;
    const w = spec[i];
    const v = spec[i + 1] ?? '';
    if (w === '-s') { p.src = (neg ? '!' : '') + addr(v); i++; }
    else if (w === '-d') { p.dst = (neg ? '!' : '') + addr(v); i++; }
    else if (w === '-i') { p.inIf = (neg ? '!' : '') + v; i++; }
    else if (w === '-o') { p.outIf = (neg ? '!' : '') + v; i++; }
    else if (w === '-p') { p.prot = v; i++; }
    else if (w === '-j') { p.target = v; i++; }
    else if (w === '-m') i++;
    else if (w === '--dst-type' || w === '--src-type') { p.extra += ` ADDRTYPE match ${w.slice(2)} ${neg ? '!' : ''}${v}`; i++; }
    else if (w === '--comment') { p.extra += ` /* ${v} */`; i++; }
  }
  return p;
}

function formatL(t: IptablesTable, opts: { numeric: boolean; verbose: boolean; chain?: string }): string {
  const blocks: string[] = [];
  for (const c of t.chains) {
    if (opts.chain && c.name !== opts.chain) continue;
    const refs = t.rules.filter((r) => r.spec[r.spec.indexOf('-j') + 1] === c.name).length;
    let s = c.policy
      ? `Chain ${c.name} (policy ${c.policy}${opts.verbose ? ' 0 packets, 0 bytes' : ''})\n`
      : `Chain ${c.name} (${refs} references)\n`;
    s += opts.verbose
      ? ' pkts bytes target     prot opt in     out     source               destination         \n'
      : 'target     prot opt source               destination         \n';
    for (const r of t.rules.filter((x) => x.chain === c.name)) {
      const p = parseRule(r.spec, opts.numeric);
      let line = opts.verbose ? '    0     0 ' : '';
      line += `${p.target.padEnd(9)}  ${p.prot.padEnd(5)}-- `;
      if (opts.verbose) line += ` ${p.inIf.padEnd(6)} ${p.outIf.padEnd(6)} `;
      const inv = (a: string) => (a.startsWith('!') ? a : ` ${a}`);
      line += `${inv(p.src).padEnd(20)} ${inv(p.dst).padEnd(20)} ${p.extra}`;
      s += `${line}\n`;
    }
    blocks.push(s);
  }
  return blocks.join('\n');
}

function denied(ctx: CommandContext, tool: string): number {
  ctx.io.err(`${tool} v1.8.4 (legacy): can't initialize iptables table \`${'nat'}': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
  return 3;
}

export const iptables: CommandSpec = {
  name: 'iptables',
  summary: 'list packet filter and NAT rules (nat table)',
  usage: 'iptables [-t table] {-L [chain] [-n] [-v] | -S [chain]}',
  run(ctx) {
    let table = 'filter';
    let mode: 'L' | 'S' | null = null;
    let numeric = false;
    let verbose = false;
    let chain: string | undefined;
    const a = ctx.args;
    for (let i = 0; i < a.length; i++) {
      const w = a[i] as string;
      if (w === '-t' || w === '--table') table = a[++i] ?? '';
      else if (w === '--list') mode = 'L';
      else if (w === '--list-rules') mode = 'S';
      else if (w === '--numeric') numeric = true;
      else if (w === '--verbose') verbose = true;
      else if (/^-[nvxLS]+$/.test(w)) {
        if (w.includes('n')) numeric = true;
        if (w.includes('v')) verbose = true;
        if (w.includes('L')) mode = 'L';
        if (w.includes('S')) mode = 'S';
        if ((w.includes('L') || w.includes('S')) && a[i + 1] !== undefined && !(a[i + 1] as string).startsWith('-')) chain = a[++i];
      } else if (w === '-V' || w === '--version') {
        ctx.io.out('iptables v1.8.4 (legacy)\n');
        return 0;
      } else if (w === '-A' || w === '-D' || w === '-I' || w === '-F' || w === '-N' || w === '-X' || w === '-P' || w === '-R' || w === '-Z') {
        if (!canAdministerNetwork(ctx.place)) return denied(ctx, 'iptables');
        ctx.io.err('podlab: changing iptables rules is not simulated in this lab\n');
        return 1;
      } else {
        ctx.io.err(`iptables v1.8.4 (legacy): unknown option "${w}"\nTry \`iptables -h' or 'iptables --help' for more information.\n`);
        return 2;
      }
    }
    if (!BUILTIN[table]) {
      ctx.io.err(`iptables v1.8.4 (legacy): can't initialize iptables table \`${table}': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return 3;
    }
    if (!mode) {
      ctx.io.err('iptables v1.8.4 (legacy): no command specified\nTry `iptables -h\' or \'iptables --help\' for more information.\n');
      return 2;
    }
    if (!canAdministerNetwork(ctx.place)) {
      ctx.io.err(`iptables v1.8.4 (legacy): can't initialize iptables table \`${table}': Permission denied (you must be root)\nPerhaps iptables or your kernel needs to be upgraded.\n`);
      return 3;
    }
    const t = tableOf(ctx, table);
    if (!t) return 0;
    if (chain && !t.chains.some((c) => c.name === chain)) {
      ctx.io.err(`iptables: No chain/target/match by that name.\n`);
      return 1;
    }
    ctx.io.out(mode === 'S' ? formatS(t, chain) : formatL(t, { numeric, verbose, ...(chain ? { chain } : {}) }));
    return 0;
  },
};

export const iptablesSave: CommandSpec = {
  name: 'iptables-save',
  summary: 'dump iptables rules (nat table)',
  usage: 'iptables-save [-t table]',
  run(ctx) {
    let tables = ['nat', 'filter'];
    const a = ctx.args;
    for (let i = 0; i < a.length; i++) {
      const w = a[i] as string;
      if (w === '-t' || w === '--table') {
        const t = a[++i] ?? '';
        if (!BUILTIN[t]) {
          ctx.io.err(`iptables-save v1.8.4 (legacy): Cannot initialize: Table does not exist (do you need to insmod?)\n`);
          return 1;
        }
        tables = [t];
      } else if (w === '-c' || w === '--counters') { /* counters are all zero */ }
      else {
        ctx.io.err(`iptables-save: unrecognized option '${w}'\n`);
        return 1;
      }
    }
    if (!canAdministerNetwork(ctx.place)) {
      // iptables-save as a user prints nothing and exits 0 for tables it cannot read... except the error line:
      ctx.io.err(`iptables-save v1.8.4 (legacy): Cannot initialize: Permission denied (you must be root)\n\n`);
      return 1;
    }
    for (const name of tables) {
      const t = tableOf(ctx, name);
      if (t) ctx.io.out(formatSave(t, name, ctx.now));
    }
    return 0;
  },
};
