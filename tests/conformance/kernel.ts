/**
 * Running the engine's export in real Linux network namespaces and asking the
 * kernel the same questions the engine answers. Used by the conformance tests;
 * see kernel-conformance.test.ts for what is compared and normalised.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { release } from 'node:os';
import type { AddrArgs, Engine, LogEntry, NetnsExport, RouteArgs, Trace } from '../../sandbox/engine';
import { STRERROR } from '../../sandbox/net/errno';

// ---- gate -------------------------------------------------------------------

/** Why the real-kernel suite cannot run here, or null when it can. */
export function missingForKernelTests(): string | null {
  if (process.platform !== 'linux') return `needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces (run as root)';
  const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (!has('ip', ['-V'])) return 'needs iproute2: `ip` is not installed (apt-get install iproute2)';
  if (!has('ping', ['-V'])) return 'needs iputils ping: `ping` is not installed (apt-get install iputils-ping)';
  if (!has('iptables-restore', ['--version'])) return 'needs iptables for kindnet\'s masquerade: `iptables-restore` is not installed (apt-get install iptables)';
  const probe = `plab${process.pid}probe-gate`;
  const add = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (add.status !== 0) return `\`ip netns add\` does not work here: ${(add.stderr || add.error?.message || '').trim()}`;
  const exec = spawnSync('ip', ['netns', 'exec', probe, 'ip', 'link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  spawnSync('ip', ['netns', 'del', probe]);
  if (exec.status !== 0) return `\`ip netns exec\` does not work here: ${(exec.stderr || '').trim()}`;
  return null;
}

// ---- namespaces ---------------------------------------------------------------

const OURS = /^plab(\d+)[a-z][a-z0-9]*-/;

function listNetns(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }).split('\n').map((l) => l.split(' ')[0]!).filter(Boolean);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Delete namespaces left by earlier runs that died (their pid is gone) and, with `own`, this process's. */
export function cleanStaleNamespaces(own = false): string[] {
  const gone: string[] = [];
  for (const name of listNetns()) {
    const m = OURS.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if ((pid === process.pid && own) || (pid !== process.pid && !alive(pid))) {
      spawnSync('ip', ['netns', 'del', name]);
      gone.push(name);
    }
  }
  return gone;
}

export function runScript(script: string): void {
  const r = spawnSync('sh', ['-s'], { input: script, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`export script failed (exit ${r.status}):\n${r.stderr}`);
}

// ---- commands ---------------------------------------------------------------

export interface CmdResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], timeoutMs = 15_000): Promise<CmdResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { encoding: 'utf8', timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Runs jobs with at most `size` in flight. */
export async function pool<T, R>(items: T[], size: number, job: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
  return out;
}

// ---- the engine's mutations as commands for the kernel -------------------------------

function routeArgsCli(a: RouteArgs): string[] {
  const out: string[] = [];
  if (a.type) out.push(a.type);
  out.push(a.dst);
  if (a.via) out.push('via', a.via);
  if (a.dev) out.push('dev', a.dev);
  if (a.table !== undefined) out.push('table', String(a.table));
  if (a.proto) out.push('proto', a.proto);
  if (a.scope) out.push('scope', a.scope);
  if (a.src) out.push('src', a.src);
  if (a.metric !== undefined) out.push('metric', String(a.metric));
  if (a.onlink) out.push('onlink');
  return out;
}

/**
 * The commands a learner would type on a real node for the engine's logged
 * network operations (`kindnet` and `kubeProxy` have no kernel side: they only stop a reconcile loop).
 */
export function logToCommands(e: Engine, exp: NetnsExport, entries: LogEntry[]): Array<[string, string[]]> {
  const cmds: Array<[string, string[]]> = [];
  for (const { op, args } of entries) {
    const target = args[0] as string;
    const ns = () => {
      const name = e.netnsName(target);
      const linux = name && exp.names[name];
      if (!linux) throw new Error(`no exported namespace for ${target}`);
      return linux;
    };
    switch (op) {
      case 'routeAdd': case 'routeDel': case 'routeReplace':
        cmds.push(['ip', ['-n', ns(), 'route', op.slice(5).toLowerCase(), ...routeArgsCli(args[1] as RouteArgs)]]);
        break;
      case 'addrAdd': case 'addrDel': {
        const a = args[1] as AddrArgs;
        const cli = [a.addr];
        if (a.broadcast) cli.push('brd', a.broadcast);
        if (a.scope) cli.push('scope', a.scope);
        if (a.label) cli.push('label', a.label);
        if (a.noprefixroute) cli.push('noprefixroute');
        if (a.dev) cli.push('dev', a.dev);
        cmds.push(['ip', ['-n', ns(), 'addr', op.slice(4).toLowerCase(), ...cli]]);
        break;
      }
      case 'linkSet':
        cmds.push(['ip', ['-n', ns(), 'link', 'set', args[1] as string, args[2] as string]]);
        break;
      case 'sysctl':
        cmds.push(['ip', ['netns', 'exec', ns(), 'sh', '-c', `echo ${args[2] as string} > /proc/sys/${(args[1] as string).replace(/\./g, '/')}`]]);
        break;
      case 'kindnet': case 'kubeProxy': case 'advance':
        break;
      default:
        throw new Error(`no kernel command for the engine operation ${op}`);
    }
  }
  return cmds;
}

// ---- what ping shows --------------------------------------------------------------

/** ping's outcome reduced to what the engine can claim: a reply, an ICMP error and who sent it, a local error, or nothing. */
export type PingClass = string;

const ICMP_TEXT: Record<string, string> = {
  'net-unreachable': 'Destination Net Unreachable',
  'host-unreachable': 'Destination Host Unreachable',
  'admin-prohibited': 'Packet filtered',
  'time-exceeded': 'Time to live exceeded',
};

export function engineExpectsPing(t: Trace): PingClass {
  const v = t.verdict;
  if (v.kind === 'delivered') return t.reply?.verdict.kind === 'delivered' ? 'reply' : 'no reply';
  if (v.kind === 'icmp-error') return `From ${v.from}: ${ICMP_TEXT[v.type] ?? v.type}`;
  if (v.kind === 'local-error') return `ping: connect: ${STRERROR[v.errno]}`;
  return 'no reply';
}

export function kernelPing(r: CmdResult): PingClass {
  if (r.code === 0) return 'reply';
  const from = /^From (\S+) icmp_seq=\d+ (.+)$/m.exec(r.stdout);
  if (from) return `From ${from[1]}: ${from[2]!.trim()}`;
  // iputils words an EACCES from connect() (a prohibit route) as a question about broadcasts.
  if (/^ping: Do you want to ping broadcast\? Then -b\./m.test(r.stderr)) return `ping: connect: ${STRERROR.EACCES}`;
  const local = /^ping: (connect|sendmsg): (.+)$/m.exec(r.stderr);
  if (local) return `ping: ${local[1]}: ${local[2]!.trim()}`;
  if (r.code === 1) return 'no reply';
  return `exit ${r.code}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`;
}

// ---- ip route get -----------------------------------------------------------------

/**
 * The kernel's `ip route get` output with what cannot match removed: on the
 * cache line, the details of a cached exception (expires, mtu, redirected) that
 * depend on traffic sent earlier. The engine has no route cache.
 */
export function normaliseRouteGet(out: string): string {
  return out.replace(/^(    cache .*?)(?:expires \S+ |mtu \d+ |<redirected> )+/gm, '$1').replace(/<redirected,?/g, '<');
}

/** The same for `ip -j route get`: cached exception details leave the answer. */
export function normaliseRouteGetJson(json: unknown): unknown {
  if (!Array.isArray(json)) return json;
  for (const a of json as Array<Record<string, unknown>>) {
    delete a.expires;
    delete a.mtu;
    if (Array.isArray(a.cache)) a.cache = (a.cache as string[]).filter((c) => c !== 'redirected');
  }
  return json;
}

export function kernelRouteGet(r: CmdResult): string {
  return normaliseRouteGet(r.code === 0 ? r.stdout : r.stderr.trim());
}

/**
 * Since Linux 6.2 (commit 8c55facecd7a, "net: linkwatch: only report
 * IF_OPER_LOWERLAYERDOWN if iflink is actually down") a device without carrier
 * is LOWERLAYERDOWN only if the device its iflink names, looked up in its own
 * namespace, is down; a veth whose peer sits in another namespace therefore
 * reads DOWN. The kernels the lab stands for (4.15 in the article's minikube,
 * 6.1 in our namespace replica) say LOWERLAYERDOWN for any device whose iflink
 * is not itself, as the engine does. On newer kernels the suite maps those DOWNs back.
 */
export const OPERSTATE_BY_PEER_LOOKUP = (() => {
  const [major = 0, minor = 0] = release().split(/[.-]/).map(Number);
  return major > 6 || (major === 6 && minor >= 2);
})();

/** `ip link`/`ip addr` text: a stacked device (NAME@...) that is UP without carrier reads LOWERLAYERDOWN. */
export function oldOperstateText(text: string): string {
  if (!OPERSTATE_BY_PEER_LOOKUP) return text;
  return text.replace(/^(\d+: \S+@\S+: <NO-CARRIER,[^>]*\bUP\b[^>]*>.*? state )DOWN /gm, '$1LOWERLAYERDOWN ');
}

/** The same for `ip -j link`/`ip -j addr`: entries with a link_index or link. */
export function oldOperstateJson(json: unknown): unknown {
  if (!OPERSTATE_BY_PEER_LOOKUP || !Array.isArray(json)) return json;
  for (const l of json as Array<Record<string, unknown>>) {
    const flags = l.flags as string[] | undefined;
    if ((l.link_index !== undefined || l.link !== undefined) && l.operstate === 'DOWN' && flags?.includes('NO-CARRIER') && flags.includes('UP')) l.operstate = 'LOWERLAYERDOWN';
  }
  return json;
}

/**
 * iproute2 names a peer namespace it finds in /run/netns (`link-netns NAME`);
 * in a real node the container runtime's namespaces have no names there, so it
 * prints `link-netnsid N`. Map names back to ids with `ip netns list-id`.
 */
export function namedNetnsToIds(text: string, listId: string): string {
  const ids = new Map<string, string>();
  for (const m of listId.matchAll(/^nsid (\d+) \(iproute2 netns name: (\S+)\)$/gm)) ids.set(m[2]!, m[1]!);
  return text.replace(/ link-netns (\S+)/g, (all, name: string) => (ids.has(name) ? ` link-netnsid ${ids.get(name)}` : all));
}

// ---- reporting -----------------------------------------------------------------

export interface Difference {
  netns: string;
  what: string;
  engine: string;
  kernel: string;
}

const show = (s: string) => s.replace(/\n+$/, '').replace(/\n/g, ' ⏎ ');

/** JSON arrays shown as just the elements the other side lacks. */
function jsonNarrow(a: string, b: string): [string, string] {
  try {
    const ea = (JSON.parse(a) as unknown[]).map((x) => JSON.stringify(x));
    const eb = (JSON.parse(b) as unknown[]).map((x) => JSON.stringify(x));
    return narrow(ea.join('\n'), eb.join('\n'));
  } catch {
    return [a, b];
  }
}

/** Multi-line answers (tables, dumps) shown as just the lines the other side lacks. */
function narrow(a: string, b: string): [string, string] {
  if (!a.includes('\n') || !b.includes('\n')) return [a, b];
  const la = a.trimEnd().split('\n');
  const lb = b.trimEnd().split('\n');
  const onlyA = la.filter((l) => !lb.includes(l));
  const onlyB = lb.filter((l) => !la.includes(l));
  return onlyA.length || onlyB.length ? [onlyA.join('\n') || '(nothing more)', onlyB.join('\n') || '(nothing more)'] : [a, b];
}

/** A readable table of differences for an assertion message. */
export function diffTable(title: string, diffs: Difference[], compared: number): string {
  if (!diffs.length) return '';
  const rows = diffs.map((d) => {
    const [engine, kernel] = d.what.includes('-j') ? jsonNarrow(d.engine, d.kernel) : narrow(d.engine, d.kernel);
    return [d.netns, d.what, show(engine), show(kernel)];
  });
  const head = ['namespace', 'question', 'engine says', 'kernel says'];
  const width = head.map((h, i) => Math.min(90, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(width[i]!)).join(' | ')} |`;
  return [
    `${title}: ${diffs.length} of ${compared} comparisons differ`,
    line(head),
    `|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}
