/**
 * Real-kernel conformance for kube-proxy's rules: the engine's cluster, built
 * in Linux network namespaces by `engine.exportNetns()` (which loads each
 * node's nat table), gets each node's filter and mangle tables too
 * (iptables-restore of the engine's iptables-save text). Then:
 *
 *  1. What iptables prints back. For every node and table, the kernel's
 *     `iptables -t T -S` and `iptables-save -t T` (header comments dropped) must
 *     equal the engine's printers, and `iptables -t T -L -n -v` its -L printer:
 *     the kernel re-derives the canonical form (argument order, quoting,
 *     statistic probabilities as stored, chain order, reference counts), so a
 *     rule the engine printed differently from iptables comes back different.
 *     The iptables here may be newer than the lab's 1.8.4, which with -n still
 *     names the protocol ("tcp") where 1.8.9+ prints its number ("6"): numbers
 *     are mapped back to names in that column.
 *
 *  2. Where packets go. Every endpoint namespace runs a TCP listener on its
 *     port (the pods on 80, the control plane on 8443 for the apiserver) that
 *     logs the peer address of each connection; from each source (every nginx
 *     pod, every node, the docker host) to each target (the nginx ClusterIP,
 *     kubernetes:443, a service without endpoints, each node's NodePort), 40
 *     connections are made, each from a new ephemeral port, so the kernel's
 *     statistic rules choose afresh each time. The outcomes the kernel shows
 *     ("reached ENDPOINT:PORT seen from PEER", "refused", "failed") must be
 *     the set the engine's tracer predicts over 200 source ports: the same
 *     endpoints, the same masquerading, REJECT as Connection refused, nothing
 *     where no rule or no endpoint exists. (40 tries miss one of three equally
 *     likely endpoints with probability 3 * (2/3)^40, about 2e-7.)
 *
 * Configurations: the demo with nginx exposed (ClusterIP and NodePort) and a
 * service without endpoints; and the same with kube-proxy stopped on one
 * worker before nginx is scaled to 0 and back to 3, so that worker keeps rules
 * for endpoints that are gone.
 *
 * Needs root, iproute2, iptables, bash and perl (for the listeners): with
 * CI=true a missing piece fails the suite; elsewhere it is skipped with the reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine, type NetnsExport } from '../../sandbox/engine';
import type { IptablesTable } from '../../sandbox/model/cluster';
import { formatList } from '../../sandbox/shell/format/iptables-list';
import { chainOrder, formatRules, formatSave, ruleOrder } from '../../sandbox/shell/format/iptables-save';
import { cleanStaleNamespaces, diffTable, missingForKernelTests, pool, run, runScript, type Difference } from './kernel';

const ok = (r: unknown) => expect(r).toMatchObject({ ok: true });
const TRIES = 40;
const ENGINE_SPORTS = 200;
const TABLES = ['nat', 'filter', 'mangle'] as const;

function missingHere(): string | null {
  const base = missingForKernelTests();
  if (base) return base;
  const has = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  if (!has('bash', ['-c', 'true'])) return 'needs bash (its /dev/tcp makes the test connections)';
  if (!has('timeout', ['1', 'true'])) return 'needs coreutils timeout';
  if (!has('perl', ['-MIO::Socket::INET', '-e', '1'])) return 'needs perl with IO::Socket::INET (the listeners)';
  if (!has('iptables', ['-V'])) return 'needs iptables';
  return null;
}

interface Config {
  name: string;
  build: () => Engine;
}

function base(): Engine {
  const e = Engine.fromScenario('multinode-demo', 0)!;
  ok(e.createDeployment('nginx', 'rancher/hello-world', 3));
  ok(e.exposeService('deployment', 'nginx', { port: 80 }));
  ok(e.exposeService('deployment', 'nginx', { port: 80, type: 'NodePort', name: 'nginx-np' }));
  ok(e.createService({ name: 'empty', type: 'ClusterIP', ports: [{ port: 80, targetPort: 80, protocol: 'TCP' }], selector: { app: 'none' }, labels: {} }));
  return e;
}

const CONFIGS: Config[] = [
  { name: 'seed 0, nginx behind a ClusterIP and a NodePort, a service without endpoints', build: base },
  {
    name: 'seed 0, kube-proxy stopped on the last worker, then nginx scaled to 0 and back to 3',
    build: () => {
      const e = base();
      ok(e.setKubeProxyRunning(e.nodes()[2]!.name, false));
      ok(e.scaleDeployment('nginx', 0));
      ok(e.scaleDeployment('nginx', 3));
      return e;
    },
  },
];

/** iptables 1.8.9+ prints the protocol column as a number with -n; 1.8.4 (the lab's) names it. */
const PROTO_NAMES: Record<string, string> = { 0: 'all', 1: 'icmp', 6: 'tcp', 17: 'udp' };
function oldProtoNames(listing: string): string {
  return listing.replace(/^( *\d+ +\d+ )?(\S* +[ !])(\d+)( +)--/gm, (_all, counters: string | undefined, head: string, num: string, pad: string) =>
    `${counters ?? ''}${head}${(PROTO_NAMES[num] ?? num).padEnd(num.length + pad.length)}--`);
}

/** Counters after traffic are not zero in the kernel; the engine's always are. */
function zeroCounters(text: string): string {
  return text.replace(/\[\d+:\d+\]/g, '[0:0]').replace(/^ *\d+[KMG]? +\d+[KMG]? /gm, '    0     0 ')
    .replace(/\(policy (\w+) \d+[KMG]? packets, \d+[KMG]? bytes\)/g, '(policy $1 0 packets, 0 bytes)');
}

function engineList(t: IptablesTable, table: string): string {
  const refs = new Map<string, number>();
  for (const r of t.rules) {
    const i = Math.max(r.spec.lastIndexOf('-j'), r.spec.lastIndexOf('-g'));
    if (i >= 0) refs.set(r.spec[i + 1]!, (refs.get(r.spec[i + 1]!) ?? 0) + 1);
  }
  const rules = ruleOrder(t, table);
  return formatList(chainOrder(t, table).map((c) => ({
    name: c.name, ...(c.policy ? { policy: c.policy } : {}), references: refs.get(c.name) ?? 0, rules: rules.filter((r) => r.chain === c.name).map((r) => r.spec),
  })), { numeric: true, verbose: true });
}

const saveBody = (text: string) => text.split('\n').filter((l) => !l.startsWith('#')).join('\n');

// ---- listeners -----------------------------------------------------------------

const LISTENER = 'use IO::Socket::INET; my ($port, $log) = @ARGV; my $s = IO::Socket::INET->new(LocalPort => $port, Listen => 256, ReuseAddr => 1, Proto => "tcp") or die "listen $port: $!"; $| = 1; print "ready\\n"; while (my $c = $s->accept) { open(my $f, ">>", $log) or die; print $f $c->peerhost . "\\n"; close $f; close $c; }';

interface Listener {
  ns: string;
  port: number;
  log: string;
  child: ChildProcess;
}

async function startListener(linuxNs: string, engineNs: string, port: number, dir: string): Promise<Listener> {
  const log = join(dir, `${engineNs.replace(/\W/g, '_')}-${port}.log`);
  writeFileSync(log, '');
  const child = spawn('ip', ['netns', 'exec', linuxNs, 'perl', '-e', LISTENER, String(port), log], { stdio: ['ignore', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout!.on('data', (d: Buffer) => { if (d.toString().includes('ready')) resolve(); });
    child.on('exit', (code) => reject(new Error(`listener in ${engineNs}:${port} exited ${code}: ${err}`)));
  });
  return { ns: engineNs, port, log, child };
}

/**
 * `TRIES` connections at once from a namespace, each with its own source port; one line per try.
 * A connect() whose SYN is REJECTed may miss the first ICMP error (it arrives while connect() still
 * holds the socket) and only fail on a retransmitted SYN a second or three later: where the engine
 * expects a refusal the tries get 5 s, else 2 s.
 */
async function connectMany(linuxNs: string, ip: string, port: number, seconds: number): Promise<string[]> {
  const script = `for i in $(seq ${TRIES}); do ( r=$(timeout ${seconds} bash -c 'exec 3<>/dev/tcp/$0/$1' ${ip} ${port} 2>&1); echo "rc=$? $r" ) & done; wait`;
  const r = await run('ip', ['netns', 'exec', linuxNs, 'bash', '-c', script], 30_000);
  return r.stdout.split('\n').filter((l) => l.startsWith('rc='));
}

const missing = missingHere();
const inCi = process.env.CI === 'true';

if (missing && inCi) {
  describe('real-kernel conformance: kube-proxy', () => {
    it('can run on this machine (CI=true requires it)', () => {
      expect.fail(`the kube-proxy conformance suite cannot run: ${missing}`);
    });
  });
} else if (missing) {
  console.warn(`real-kernel kube-proxy conformance skipped: ${missing} (with CI=true this fails)`);
  describe.skip(`real-kernel conformance: kube-proxy (skipped: ${missing})`, () => {
    it('compares kube-proxy rules and service traffic with the kernel', () => {});
  });
} else {
  const tag = `plab${process.pid}`;
  beforeAll(() => {
    cleanStaleNamespaces();
  });
  afterAll(() => {
    cleanStaleNamespaces(true);
  });

  describe.each(CONFIGS.map((c, i) => [c.name, c, i] as const))('kube-proxy: %s', (_name, config, index) => {
    let e: Engine;
    let x: NetnsExport;
    let dir: string;
    const listeners: Listener[] = [];

    beforeAll(async () => {
      e = config.build();
      x = e.exportNetns({ prefix: `${tag}s${index}-` });
      runScript(x.setup);
      // kube-proxy's REJECTs answer 40 connections at once: icmp_send's per-destination limit and (per
      // namespace since Linux 6.7) its global token bucket would silence most of them. Lifted where writable.
      const lift = 'echo 0 > /proc/sys/net/ipv4/icmp_ratelimit; echo 100000 > /proc/sys/net/ipv4/icmp_msgs_per_sec 2>/dev/null; echo 10000 > /proc/sys/net/ipv4/icmp_msgs_burst 2>/dev/null; true';
      await Promise.all(Object.values(x.names).map((ns) => run('ip', ['netns', 'exec', ns, 'sh', '-c', lift])));
      dir = mkdtempSync(join(tmpdir(), 'plab-svc-'));
      for (const n of e.nodes()) {
        const t = e.iptables(n.name)!;
        for (const table of ['filter', 'mangle'] as const) {
          const r = spawnSync('ip', ['netns', 'exec', x.names[n.name]!, 'iptables-restore'], { input: formatSave(t[table]!, table, 0), encoding: 'utf8' });
          if (r.status !== 0) throw new Error(`iptables-restore of ${table} in ${n.name} failed: ${r.stderr}`);
        }
      }
    }, 60_000);

    afterAll(() => {
      for (const l of listeners) l.child.kill();
      if (x) runScript(x.teardown);
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('iptables -S, iptables-save and iptables -L -n -v print what the engine prints, for every node and table', async () => {
      const jobs = e.nodes().flatMap((n) => TABLES.map((table) => ({ node: n.name, table })));
      const diffs: Difference[] = [];
      await pool(jobs, 8, async ({ node, table }) => {
        const ns = x.names[node]!;
        const t = e.iptables(node)![table]!;
        const [s, save, list] = await Promise.all([
          run('ip', ['netns', 'exec', ns, 'iptables', '-t', table, '-S']),
          run('ip', ['netns', 'exec', ns, 'iptables-save', '-t', table]),
          run('ip', ['netns', 'exec', ns, 'iptables', '-t', table, '-L', '-n', '-v']),
        ]);
        const checks: Array<[string, string, string]> = [
          [`iptables -t ${table} -S`, formatRules(t, table), s.stdout],
          [`iptables-save -t ${table}`, saveBody(formatSave(t, table, 0)), saveBody(zeroCounters(save.stdout))],
          [`iptables -t ${table} -L -n -v`, engineList(t, table), oldProtoNames(zeroCounters(list.stdout))],
        ];
        for (const [what, want, got] of checks) if (want.trimEnd() !== got.trimEnd()) diffs.push({ netns: node, what, engine: want, kernel: got });
      });
      expect(diffs, diffTable(`${config.name}: iptables output`, diffs, jobs.length * 3)).toEqual([]);
    }, 60_000);

    it('connections to services reach the endpoints the engine predicts, seen from the address it predicts', async () => {
      // Listeners where endpoints are: every pod of the deployment on 80, the control plane on 8443.
      const cp = e.nodes()[0]!.name;
      const pods = e.pods('default').filter((p) => p.netns && p.ip);
      for (const p of pods) listeners.push(await startListener(x.names[p.netns!]!, p.netns!, 80, dir));
      listeners.push(await startListener(x.names[cp]!, cp, 8443, dir));
      const svc = (name: string) => e.services().find((s) => s.name === name)!;
      const np = svc('nginx-np').ports[0]!.nodePort!;
      const targets: Array<[string, number]> = [
        [svc('nginx').clusterIP, 80], ['10.96.0.1', 443], [svc('empty').clusterIP, 80],
        ...e.nodes().map((n): [string, number] => [n.internalIP, np]),
      ];
      const sources = [...pods.map((p) => p.netns!), ...e.nodes().map((n) => n.name), 'docker-host'];
      const diffs: Difference[] = [];
      const readLogs = () => listeners.flatMap((l) => readFileSync(l.log, 'utf8').split('\n').filter(Boolean).map((peer) => ({ l, peer })));
      const classify = (tries: string[], into: Set<string>) => {
        for (const l of tries) if (!l.startsWith('rc=0')) into.add(/Connection refused/.test(l) ? 'refused' : 'failed');
      };
      // The engine: the outcomes of each source and target over many source ports.
      const combos = sources.flatMap((src) => targets.map(([ip, port]) => {
        const want = new Set<string>();
        for (let sport = 20000; sport < 20000 + ENGINE_SPORTS; sport++) {
          const t = e.trace({ from: src, to: ip, proto: 'tcp', port, sport, reply: false });
          const v = t.verdict;
          if (v.kind === 'delivered') want.add(`reached ${v.netns}:${v.port} from ${t.hops[t.hops.length - 1]!.src}`);
          else if (v.kind === 'icmp-error' && v.type === 'port-unreachable') want.add('refused');
          else want.add('failed');
        }
        return { src, ip, port, want, quiet: ![...want].some((w) => w.startsWith('reached')) };
      }));
      const report = (c: (typeof combos)[number], got: Set<string>) => {
        const a = [...c.want].sort().join('\n');
        const b = [...got].sort().join('\n');
        if (a !== b) diffs.push({ netns: c.src, what: `${TRIES} connections to ${c.ip}:${c.port}`, engine: a, kernel: b });
      };
      // Where something should answer: one source and target at a time, so the listeners' logs say whose tries they saw.
      for (const c of combos.filter((x) => !x.quiet)) {
        for (const l of listeners) writeFileSync(l.log, '');
        const tries = await connectMany(x.names[c.src]!, c.ip, c.port, c.want.has('refused') ? 5 : 2);
        const connected = tries.filter((l) => l.startsWith('rc=0')).length;
        const got = new Set<string>();
        classify(tries, got);
        let logged = readLogs();
        for (let wait = 0; wait < 50 && logged.length < connected; wait++) {
          await new Promise((r) => setTimeout(r, 20));
          logged = readLogs();
        }
        for (const { l, peer } of logged) got.add(`reached ${l.ns}:${l.port} from ${peer}`);
        report(c, got);
      }
      // Where nothing should: all at once; no listener may log anything meanwhile.
      for (const l of listeners) writeFileSync(l.log, '');
      const quiet = combos.filter((x) => x.quiet);
      const results = await pool(quiet, 12, (c) => connectMany(x.names[c.src]!, c.ip, c.port, c.want.has('refused') ? 5 : 2));
      quiet.forEach((c, i) => {
        const got = new Set<string>();
        classify(results[i]!, got);
        if (results[i]!.some((l) => l.startsWith('rc=0'))) got.add('connected');
        report(c, got);
      });
      for (const { l, peer } of readLogs()) diffs.push({ netns: `(${peer})`, what: 'a connection where the engine expects none', engine: 'none', kernel: `reached ${l.ns}:${l.port} from ${peer}` });
      const compared = combos.length;
      expect(diffs, diffTable(`${config.name}: service traffic`, diffs, compared)).toEqual([]);
    }, 180_000);
  });
}
