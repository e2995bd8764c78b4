/**
 * The engine benchmarks as a plain Node program (no test runner): scripts/bench.mjs
 * bundles this file, runs it with `node --expose-gc` and reads the JSON it
 * prints on stdout. Each case is warmed up, then timed over repeated samples
 * with performance.now(); fast operations are timed in batches so that the
 * timer's resolution does not matter. All times are milliseconds per operation.
 */
import {
  bigCluster, demoBuild, demoCluster, demoTrace, pairTraces, PAIR_TRACES, routeGet, runningPods, serviceCluster, serviceTrace, TARGETS_MS,
} from './engine.cases';

export interface CaseResult {
  id: keyof typeof TARGETS_MS;
  label: string;
  targetMs: number;
  /** Operations per timed sample. */
  batch: number;
  /** Milliseconds per operation, one entry per sample. */
  samples: number[];
}

export interface MemoryResult {
  /** V8 heap used with nothing built, after a full GC (bytes). */
  heapBefore: number;
  /** The same with the 100 x 30 cluster built and retained. */
  heapAfter: number;
  /** And after 10,000 traces in it (the lookup indexes it keeps beside the state included). */
  heapAfterTraces: number;
  /** Length of the cluster's JSON snapshot (toJSON), characters. */
  snapshotChars: number;
  netns: number;
  links: number;
  routes: number;
  pods: number;
}

export interface EngineBenchResults {
  gcExposed: boolean;
  cases: CaseResult[];
  memory: MemoryResult;
  /** Verdicts of the 10,000 pair traces, to show the traces do real work. */
  pairVerdicts: Record<string, number>;
}

const gc = (globalThis as { gc?: () => void }).gc;
const fullGc = () => {
  if (gc) {
    gc();
    gc();
  }
};

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Warm up, then `samples` timed runs of `batch` calls each. */
function measure(fn: () => unknown, o: { warmup: number; samples: number; batch: number; gcBetween?: boolean }): number[] {
  for (let i = 0; i < o.warmup; i++) for (let j = 0; j < o.batch; j++) fn();
  const out: number[] = [];
  for (let s = 0; s < o.samples; s++) {
    if (o.gcBetween) fullGc();
    out.push(time(() => {
      for (let j = 0; j < o.batch; j++) fn();
    }) / o.batch);
  }
  return out;
}

function heapUsed(): number {
  fullGc();
  return process.memoryUsage().heapUsed;
}

export function runEngineBenchmarks(): EngineBenchResults {
  const cases: CaseResult[] = [];
  const add = (id: CaseResult['id'], label: string, batch: number, samples: number[]) =>
    cases.push({ id, label, targetMs: TARGETS_MS[id], batch, samples });

  add('demoBuild', '3-node demo cluster build', 1, measure(demoBuild, { warmup: 30, samples: 200, batch: 1 }));

  const demo = demoCluster();
  add('routeGet', '`ip route get` on a node', 1000, measure(() => routeGet(demo), { warmup: 5, samples: 100, batch: 1000 }));
  add('demoTrace', 'cross-node pod trace (with reply)', 100, measure(() => demoTrace(demo), { warmup: 5, samples: 100, batch: 100 }));
  const svc = serviceCluster();
  add('serviceTrace', 'pod -> ClusterIP -> pod across nodes (DNAT, with reply)', 100, measure(() => serviceTrace(svc), { warmup: 5, samples: 100, batch: 100 }));

  // The big build on a heap holding nothing big, as in a fresh lab.
  add('bigBuild', '100 nodes x 30 pods build', 1, measure(() => bigCluster(2), { warmup: 1, samples: 7, batch: 1, gcBetween: true }));

  // Memory on a quiet heap: everything above is garbage by now.
  const heapBefore = heapUsed();
  const big = bigCluster(1);
  const heapAfter = heapUsed();
  const state = big.state;
  const memory: MemoryResult = {
    heapBefore, heapAfter, heapAfterTraces: 0,
    snapshotChars: JSON.stringify(state).length,
    netns: Object.keys(state.netns).length,
    links: Object.values(state.netns).reduce((n, ns) => n + ns.links.length, 0),
    routes: Object.values(state.netns).reduce((n, ns) => n + ns.routes.length, 0),
    pods: state.pods.length,
  };

  const pods = runningPods(big);
  const pairVerdicts: Record<string, number> = {};
  {
    let x = 12345;
    for (let i = 0; i < PAIR_TRACES; i++) {
      x = (Math.imul(x, 1103515245) + 12345) >>> 0;
      const a = pods[x % pods.length]!;
      const b = pods[(x >>> 8) % pods.length]!;
      const kind = big.trace({ from: `${a.namespace}/${a.name}`, to: b.ip! }).verdict.kind;
      pairVerdicts[kind] = (pairVerdicts[kind] ?? 0) + 1;
    }
  }
  memory.heapAfterTraces = heapUsed();
  add('pairTrace', `${PAIR_TRACES.toLocaleString('en')} random pod-pair traces, per trace`, PAIR_TRACES,
    measure(() => pairTraces(big, pods), { warmup: 1, samples: 7, batch: 1, gcBetween: true }).map((ms) => ms / PAIR_TRACES));

  return { gcExposed: !!gc, cases, memory, pairVerdicts };
}

process.stdout.write(JSON.stringify(runEngineBenchmarks()));
