#!/usr/bin/env node
// `npm run bench`: runs the benchmarks and writes bench/RESULTS.md. Not part of
// `npm test`: times depend on the machine and its load, so they are reported,
// not asserted. The report is a list of sections, each produced by its own
// function from its own measurements; another benchmark adds a function to
// SECTIONS. Each section says what it measured, the targets and whether they
// were met; ratios within one run are given because the machine may be shared
// and noisy, which moves absolute times more than it moves ratios.
//
// Engine: bench/engine.run.ts is bundled with esbuild (already installed, as
// Astro's and Vite's bundler) and run in a child `node --expose-gc`, so heap
// figures can be taken after a full GC.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, quantile } from './stats.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'bench', 'RESULTS.md');

// ---- statistics and formatting ---------------------------------------------


/** Milliseconds as the most readable unit. */
function fmtTime(ms) {
  if (!Number.isFinite(ms)) return '-';
  if (ms >= 1000) return `${(ms / 1000).toFixed(2)} s`;
  if (ms >= 1) return `${ms.toFixed(ms >= 100 ? 0 : 2)} ms`;
  const us = ms * 1000;
  return `${us.toFixed(us >= 100 ? 0 : us >= 10 ? 1 : 2)} µs`;
}
const fmtBytes = (b) => `${(b / 1024 / 1024).toFixed(1)} MB`;
const fmtRatio = (x) => `${x >= 100 ? x.toFixed(0) : x.toFixed(1)}×`;

function table(head, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

// ---- sections ----------------------------------------------------------------

/** Machine and run details, so readers can compare reports from different days. */
function environmentSection(ctx) {
  const cpu = cpus();
  return {
    title: 'Environment',
    body: [
      `- Date: ${ctx.startedAt.toISOString()}`,
      `- CPU: ${cpu[0]?.model ?? 'unknown'} × ${cpu.length} cores`,
      `- Memory: ${fmtBytes(totalmem())}`,
      `- Node: ${process.version} (${platform()} ${release()})`,
      `- Load average (1, 5, 15 min) at start: ${ctx.loadAtStart.map((x) => x.toFixed(2)).join(', ')}; at the end: ${loadavg().map((x) => x.toFixed(2)).join(', ')}`,
      '',
      'Times are medians of repeated samples taken after a warm-up (p95 over the same samples). A load',
      'average above the core count means other work shared the CPU: compare the ratios, which that moves less.',
    ].join('\n'),
  };
}

/** Bundles a bench/*.run.ts harness, runs it in a fresh Node (with --expose-gc) and returns the JSON it prints. */
async function runHarness(name) {
  const { build } = await import('esbuild');
  const dir = mkdtempSync(join(tmpdir(), 'podlab-bench-'));
  try {
    const bundle = join(dir, `${name}.run.mjs`);
    await build({
      entryPoints: [join(root, 'bench', `${name}.run.ts`)], bundle: true, platform: 'node', format: 'esm', target: 'node20',
      outfile: bundle, logLevel: 'warning',
    });
    const run = spawnSync(process.execPath, ['--expose-gc', bundle], { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'inherit'] });
    if (run.status !== 0) throw new Error(`${name} benchmarks exited with ${run.status}`);
    return JSON.parse(run.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Engine: cluster builds, `ip route get` and traces against issue 3's targets; memory of the big cluster. */
async function engineSection() {
  const r = await runHarness('engine');
  const by = Object.fromEntries(r.cases.map((c) => [c.id, { ...c, median: median(c.samples), p95: quantile(c.samples, 0.95), min: Math.min(...c.samples) }]));
  const order = ['demoBuild', 'routeGet', 'demoTrace', 'serviceTrace', 'bigBuild', 'pairTrace'];
  const rows = order.filter((id) => by[id]).map((id) => {
    const c = by[id];
    const n = c.batch > 1 ? `${c.samples.length} × ${c.batch.toLocaleString('en')}` : String(c.samples.length);
    return [c.label, fmtTime(c.median), fmtTime(c.p95), fmtTime(c.min), n, `< ${fmtTime(c.targetMs)}`, c.median < c.targetMs ? 'met' : `**not met** (${fmtRatio(c.median / c.targetMs)} the target)`];
  });
  const ratio = (a, b) => (by[a] && by[b] ? fmtRatio(by[a].median / by[b].median) : '-');
  const m = r.memory;
  const retained = m.heapAfter - m.heapBefore;
  const verdicts = Object.entries(r.pairVerdicts).map(([k, v]) => `${k} ${v.toLocaleString('en')}`).join(', ');
  return {
    title: 'Engine',
    body: [
      'Cases from bench/engine.cases.ts (the same the vitest bench, bench/engine.bench.ts, runs). Samples: for the',
      'fast operations, each sample times a batch and divides; the 100 × 30 build and the pair traces run',
      'after a full GC each, so one sample does not pay for the previous one\'s garbage.',
      '',
      table(['Benchmark', 'Median', 'p95', 'Min', 'Samples', 'Target', 'Result'], rows),
      '',
      `Pair-trace verdicts (one pass over the same 10,000 pairs): ${verdicts}.`,
      '',
      '### Ratios within this run',
      '',
      table(['Comparison', 'Ratio of medians'], [
        ['100 × 30 build vs 3-node build (33× the nodes, 3,000 more pods)', ratio('bigBuild', 'demoBuild')],
        ['cross-node trace vs `ip route get` (a trace is ~10 lookups plus ARP, NAT and the reply)', ratio('demoTrace', 'routeGet')],
        ['service trace vs cross-node pod trace (kube-proxy\'s DNAT chains, conntrack on the reply)', ratio('serviceTrace', 'demoTrace')],
        ['pod-pair trace in the 100-node cluster vs in the 3-node cluster', ratio('pairTrace', 'demoTrace')],
      ]),
      '',
      '### Memory of the 100 × 30 cluster',
      '',
      table(['Measure', 'Value'], [
        ['V8 heap used, cluster built and retained, minus before (after full GCs)', r.gcExposed ? fmtBytes(retained) : 'not measured (no --expose-gc)'],
        ['Heap used before / after the build / after 10,000 traces in it (lookup indexes kept beside the state)', r.gcExposed ? `${fmtBytes(m.heapBefore)} / ${fmtBytes(m.heapAfter)} / ${fmtBytes(m.heapAfterTraces)}` : '-'],
        ['JSON snapshot (toJSON) size', `${(m.snapshotChars / 1024 / 1024).toFixed(1)} M characters`],
        ['Network namespaces, links, routes, pods', `${m.netns.toLocaleString('en')}, ${m.links.toLocaleString('en')}, ${m.routes.toLocaleString('en')}, ${m.pods.toLocaleString('en')}`],
        ['Heap per pod (retained / pods)', r.gcExposed ? `${(retained / m.pods / 1024).toFixed(1)} KB` : '-'],
      ]),
    ].join('\n'),
    summary: order.filter((id) => by[id]).map((id) => ({ name: by[id].label, met: by[id].median < by[id].targetMs })),
  };
}

/** Shell: line to output for the demo's commands (3 nodes) and kubectl get pods -A -o wide on 100 nodes, against issue 4's targets. */
async function shellSection() {
  const r = await runHarness('shell');
  const rows = r.commands.map((c) => {
    const med = median(c.samples);
    return [`\`${c.line}\` (${c.where})`, fmtTime(med), fmtTime(quantile(c.samples, 0.95)), String(c.samples.length), `< ${fmtTime(r.targets.demoCommand)}`, med < r.targets.demoCommand ? 'met' : `**not met** (${fmtRatio(med / r.targets.demoCommand)} the target)`];
  });
  const big = r.bigGetPods;
  const bigMed = median(big.samples);
  const slowest = r.commands.reduce((a, c) => (median(c.samples) > median(a.samples) ? c : a));
  return {
    title: 'Shell',
    body: [
      'Each command runs through the shell exactly as typed (parse, command, formatting), output discarded;',
      'median and p95 of 200 runs after 20 warm-up runs (30 and 3 for the 100-node cluster).',
      '',
      table(['Command (where)', 'Median', 'p95', 'Samples', 'Target', 'Result'], rows),
      '',
      table(['Command on 100 nodes', 'Rows', 'Median', 'p95', 'Target', 'Result'], [[
        `\`${big.line}\``, big.rows.toLocaleString('en'), fmtTime(bigMed), fmtTime(quantile(big.samples, 0.95)), `< ${fmtTime(r.targets.bigGetPods)}`,
        bigMed < r.targets.bigGetPods ? 'met' : `**not met** (${fmtRatio(bigMed / r.targets.bigGetPods)} the target)`,
      ]]),
      '',
      `Ratio: the 100-node pod list vs the slowest demo command (\`${slowest.line}\`): ${fmtRatio(bigMed / median(slowest.samples))}.`,
    ].join('\n'),
    summary: [
      { name: 'every demo command under 2 ms (3 nodes)', met: r.commands.every((c) => median(c.samples) < r.targets.demoCommand) },
      { name: 'kubectl get pods -A -o wide under 20 ms (100 nodes)', met: bigMed < r.targets.bigGetPods },
    ],
  };
}

// Issue 8: page weight per built page (scripts/size.mjs on dist/) and browser timings (first prompt, command
// latency, Lighthouse in Chromium), measured by scripts/bench-browser.mjs (imports are hoisted, so one here is fine).
import { pageWeightSection, browserSection } from './bench-browser.mjs';

/** Measured in this order; the environment section is written last (it reports the load at the end) but printed first. */
const SECTIONS = [engineSection, shellSection, pageWeightSection, browserSection];

// ---- report -----------------------------------------------------------------

const ctx = { startedAt: new Date(), loadAtStart: loadavg() };
const sections = [];
for (const section of SECTIONS) {
  const name = section.name.replace(/Section$/, '');
  process.stderr.write(`bench: ${name}...\n`);
  const t0 = performance.now();
  sections.push(await section(ctx));
  process.stderr.write(`bench: ${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}
sections.unshift(environmentSection(ctx));
const summary = sections.flatMap((s) => s.summary ?? []);
const report = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` (scripts/bench.mjs) on ${ctx.startedAt.toISOString().slice(0, 10)}. Targets met: ${summary.filter((s) => s.met).length} of ${summary.length}.`,
  '',
  ...sections.flatMap((s) => [`## ${s.title}`, '', s.body, '']),
].join('\n');
writeFileSync(out, report);
process.stderr.write(`bench: wrote ${out}\n`);
for (const s of summary) process.stderr.write(`  ${s.met ? 'met    ' : 'NOT MET'}  ${s.name}\n`);
