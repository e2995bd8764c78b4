/**
 * grade(spec, engine, answer): a pure function of the exercise, the cluster
 * as it is now and what the learner wrote. reveal() gives the reference
 * solution with the learner's own values; setupExercise() prepares a lab.
 */
import type { Engine } from '../engine';
import { rewritesAt } from '../net/trace';
import {
  explainRouteChoice, learnerChanges, pathText, pointText, traceEnd, whereItGoesWrong,
} from './feedback';
import { normIp, parseChoice, parseClass, parsePath, parsePredict, parseRouteAnswer, type PathSegment } from './parse';
import { fill, resolveNode, resolveSubjects, type Resolved } from './resolve';
import { chainWalk, gradeBackends, gradeChain, serviceRoute } from './services';
import { dnsTruth, gradeDns } from './dns';
import type { ChoiceOption, ExerciseSpec, FixItExercise, PathExercise, PredictExercise, RouteFactExercise } from './spec';
import {
  classifyTruth, fixItTruth, pathTruth, predictTruth, routeFactTruth,
  type PathPoint, type Truth,
} from './truth';

export type Answer = string | Record<string, string>;

export interface PartResult {
  part: string;
  correct: boolean;
  /** What the learner gave for it, normalised (absent when not given). */
  given?: string;
}

export interface GradeResult {
  verdict: 'correct' | 'partly' | 'wrong' | 'unanswerable';
  parts?: PartResult[];
  feedback: string;
  /** The truth in the cluster now (null when the subjects cannot be found). */
  truth: Truth | null;
  /** The learner changed the cluster after the setup; it was graded as it is now. */
  changed: boolean;
}

export interface GradeOptions {
  /** engine.log length right after the exercise's setup (from setupExercise). */
  baseline?: number;
}

function verdictOf(parts: PartResult[]): GradeResult['verdict'] {
  const right = parts.filter((p) => p.correct).length;
  return right === parts.length ? 'correct' : right === 0 ? 'wrong' : 'partly';
}

function partsLine(parts: PartResult[]): string {
  if (parts.length < 2) return '';
  const right = parts.filter((p) => p.correct).map((p) => p.part);
  const wrong = parts.filter((p) => !p.correct).map((p) => p.part);
  return `${right.length ? `Right: ${right.join(', ')}.` : ''}${right.length && wrong.length ? ' ' : ''}${wrong.length ? `Not right: ${wrong.join(', ')}.` : ''}`;
}

function nodeOwning(engine: Engine, ip: string): string | undefined {
  return engine.nodes().find((n) => n.internalIP === ip)?.name;
}

// ---- route-fact -------------------------------------------------------------

function gradeRouteFact(spec: RouteFactExercise, engine: Engine, s: Record<string, Resolved>, answer: Answer): Omit<GradeResult, 'changed'> {
  const src = s.src!;
  const dst = s.dst!;
  const truth = routeFactTruth(engine, src, dst);
  const text = typeof answer === 'string' ? answer : spec.ask.map((p) => `${p} ${answer[p] ?? ''}`).join(' ');
  if (truth.error) {
    const ok = /unreachable|no route|rtnetlink/i.test(text);
    return { verdict: ok ? 'correct' : 'wrong', truth, feedback: ok ? `Right: there is no route; ${src.name} answers "${truth.error}".` : `${src.name} has no usable route to ${dst.ip}: ip route get answers "${truth.error}".` };
  }
  const parsed = parseRouteAnswer(text, spec.ask);
  if (!parsed.ok) return { verdict: 'wrong', truth, feedback: parsed.error };
  const a = parsed.value;
  const show = (v: string | null | undefined) => (v === null ? 'none (direct)' : v);
  const parts: PartResult[] = spec.ask.map((p) => {
    const given = a[p];
    const want = truth[p];
    return { part: p, correct: given !== undefined && given === want, ...(given !== undefined ? { given: show(given) } : {}) };
  });
  const notes: string[] = [];
  // Parts not asked for but stated wrongly are still wrong statements.
  for (const p of ['via', 'dev', 'src'] as const) {
    if (spec.ask.includes(p) || a[p] === undefined || a[p] === truth[p]) continue;
    parts.push({ part: p, correct: false, given: show(a[p]) });
  }
  const verdict = verdictOf(parts);
  if (verdict !== 'correct') {
    const gw = engine.state.network.gateway;
    if (a.via && a.via !== truth.via) {
      if (a.via === gw) notes.push(`${a.via} is the default gateway of the node network: ${src.name} uses it only for destinations no more specific route covers.`);
      const owner = nodeOwning(engine, a.via);
      if (owner && a.via !== gw) notes.push(`${a.via} is node ${owner}'s address; ${dst.ip} is ${dst.node && dst.node !== owner ? `on node ${dst.node}` : 'not behind it'}.`);
      if (a.via === dst.ip) notes.push(`${a.via} is the destination itself, not the next hop.`);
    }
    for (const p of parts) if (p.given === undefined) notes.push(`The answer does not say the ${p.part === 'via' ? 'next hop' : p.part === 'dev' ? 'device' : 'source address'}.`);
    notes.push(explainRouteChoice(engine, src.netns!, `${src.kind} ${src.name}`, dst.ip, truth.answer?.route));
  }
  const feedback = verdict === 'correct'
    ? `Right: ${src.name} sends packets for ${dst.ip} ${truth.via ? `via ${truth.via} ` : ''}dev ${truth.dev}${truth.src ? ` src ${truth.src}` : ''}.`
    : [partsLine(parts), ...notes].filter((x) => x !== '').join('\n');
  return { verdict, parts, feedback, truth };
}

// ---- path -------------------------------------------------------------------

function matchSegment(seg: PathSegment, where: PathSegment['where'], p: PathPoint, points: PathPoint[], detail: PathExercise['detail']): boolean {
  const firstNode = points.find((x) => x.nsKind !== 'pod')?.netns;
  const okWhere = (() => {
    if (!where) return false;
    if ('ip' in where) return p.ips.includes(where.ip);
    if ('name' in where) return p.label.toLowerCase() === where.name || p.netns.toLowerCase() === where.name;
    switch (where.role) {
      case 'pod': return p.nsKind === 'pod';
      case 'src-pod': return p.nsKind === 'pod' && p.netns === points[0]?.netns;
      case 'dst-pod': return p.nsKind === 'pod' && p.netns === points[points.length - 1]?.netns;
      case 'node': return p.nsKind !== 'pod' && p.netns === firstNode;
      case 'peer-node': return p.nsKind !== 'pod' && p.netns !== firstNode;
    }
  })();
  if (!okWhere) return false;
  if (detail === 'namespaces') return seg.dev === undefined || seg.dev === p.dev || (seg.dev === 'veth' && p.dev.startsWith('veth'));
  if (seg.dev === undefined) return false;
  return seg.dev === p.dev || (seg.dev === 'veth' && p.dev.startsWith('veth'));
}

function gradePath(spec: PathExercise, engine: Engine, s: Record<string, Resolved>, answer: Answer): Omit<GradeResult, 'changed'> {
  const truth = pathTruth(engine, s.src!, s.dst!);
  const points = spec.detail === 'devices' ? truth.points : truth.namespaces;
  const parsed = parsePath(typeof answer === 'string' ? answer : Object.values(answer).join(' -> '));
  if (!parsed.ok) return { verdict: 'wrong', truth, feedback: parsed.error };
  const segs = parsed.value;
  const parts: PartResult[] = [];
  let where: PathSegment['where'];
  let firstBad = -1;
  const n = Math.max(segs.length, points.length);
  for (let i = 0; i < n; i++) {
    const seg = segs[i];
    const p = points[i];
    if (seg?.where) where = seg.where;
    const ok = seg !== undefined && p !== undefined && matchSegment(seg, where, p, points, spec.detail);
    parts.push({ part: `hop ${i + 1}`, correct: ok, ...(seg ? { given: seg.text } : {}) });
    if (!ok && firstBad < 0) firstBad = i;
  }
  const show = (p: PathPoint) => (spec.detail === 'devices' ? pointText(p) : `${p.nsKind === 'pod' ? 'pod' : 'node'} ${p.label}`);
  if (firstBad < 0) return { verdict: 'correct', parts, truth, feedback: `Right: ${points.map(show).join(' -> ')}.` };
  const verdict = firstBad === 0 ? 'wrong' : 'partly';
  const lines: string[] = [];
  if (firstBad > 0) lines.push(`The first ${firstBad} step${firstBad === 1 ? ' is' : 's are'} right.`);
  const seg = segs[firstBad];
  const p = points[firstBad];
  if (!seg && p) lines.push(`Your path stops after step ${firstBad}; the packet goes on to ${show(p)}.`);
  else if (seg && !p) lines.push(`Step ${firstBad + 1} ("${seg.text}") is too many: the packet ${truth.delivered ? 'has already arrived' : 'goes no further'}.`);
  else if (seg && p) {
    lines.push(`Step ${firstBad + 1}: you wrote "${seg.text}", but there the packet is at ${show(p)}${spec.detail === 'devices' ? ` (${p.dir === 'in' ? 'entering' : 'leaving'})` : ''}.`);
    if (spec.detail === 'devices' && seg.dev === undefined) lines.push('Name the device at every step (eth0, veth...).');
    const prev = truth.trace.hops.find((h) => h.netns === p.netns);
    if (prev?.route && p.dir === 'out') lines.push(explainRouteChoice(engine, p.netns, `${p.nsKind} ${p.label}`, s.dst!.ip, prev.route));
  }
  if (firstBad === 0 && segs.length > 1 && segs[0]?.where && points[points.length - 1] && matchSegment(segs[0], segs[0].where, points[points.length - 1]!, points, spec.detail)) {
    lines.push(`Your path starts where the packet ends: it goes from ${s.src!.name} to ${s.dst!.name}, not back.`);
  }
  return { verdict, parts, truth, feedback: lines.join('\n') };
}

// ---- predict ----------------------------------------------------------------

function gradePredict(spec: PredictExercise, engine: Engine, s: Record<string, Resolved>, answer: Answer): Omit<GradeResult, 'changed'> {
  const truth = predictTruth(engine, s.src!, s.dst!);
  const parsed = parsePredict(answer, spec.ask);
  if (!parsed.ok) return { verdict: 'wrong', truth, feedback: parsed.error };
  const a = parsed.value;
  const parts: PartResult[] = spec.ask.map((p) => {
    const given = a[p];
    const want = truth[p];
    const correct = given !== undefined && (want === null ? false : given === want) || (given !== undefined && p === 'arrives' && given === truth.arrives);
    return { part: p, correct: p === 'arrives' ? given === truth.arrives : correct, ...(given !== undefined ? { given: String(given) } : {}) };
  });
  const verdict = verdictOf(parts);
  const lines = [partsLine(parts), traceEnd(engine, truth.trace)];
  if (verdict !== 'correct') {
    for (const p of parts) {
      if (p.correct) continue;
      if (p.part === 'source' && truth.source) {
        // A hop may DNAT and masquerade both: look at every rewrite, not the first.
        const masq = truth.trace.hops.flatMap((h) => rewritesAt(h).map((nat) => ({ netns: h.netns, nat }))).find((r) => r.nat.type === 'MASQUERADE');
        lines.push(masq ? `Node ${masq.netns} masquerades it: the source ${masq.nat.from} becomes ${masq.nat.to}.` : `Nothing rewrites the source on the way: ${s.dst!.name} sees ${truth.source}.`);
      }
      if (p.part === 'ttl' && truth.ttl !== null) lines.push(`Each router on the way back lowers the TTL by one: 64 - ${64 - truth.ttl} = ${truth.ttl}.`);
      if (p.part === 'hops' && truth.hops !== null) lines.push(`The packet crosses ${truth.hops - 1} router${truth.hops === 2 ? '' : 's'} before ${s.dst!.name}: ${truth.trace.hops.slice(1).map((h) => h.netns.includes('/') ? engine.findPod(h.netns)?.name ?? h.netns : h.netns).join(', ')}.`);
      if (p.given === undefined) lines.push(`The answer does not say ${p.part}.`);
    }
    if (!truth.arrives) lines.push(whereItGoesWrong(engine, truth.trace, s.dst!));
  }
  return { verdict, parts, truth, feedback: lines.filter((x) => x !== '').join('\n') };
}

// ---- choice / fix-it --------------------------------------------------------

function gradeOptions(options: ChoiceOption[], text: string, s: Record<string, Resolved>): { parts: PartResult[]; verdict: GradeResult['verdict']; feedback: string } | { error: string } {
  const parsed = parseChoice(text, options);
  if (!parsed.ok) return { error: parsed.error };
  const chosen = new Set(parsed.value);
  const correct = options.filter((o) => o.correct).map((o) => o.id);
  const parts: PartResult[] = options.filter((o) => o.correct || chosen.has(o.id)).map((o) => ({ part: o.id, correct: chosen.has(o.id) === o.correct, ...(chosen.has(o.id) ? { given: o.id } : {}) }));
  const allRight = parts.every((p) => p.correct);
  const someRight = correct.some((id) => chosen.has(id));
  const verdict = allRight ? 'correct' : someRight ? 'partly' : 'wrong';
  const feedback = options.filter((o) => chosen.has(o.id) || (verdict === 'correct' && o.correct)).map((o) => `${o.id}) ${fill(o.text, s)}: ${o.correct ? 'right' : 'not right'}. ${fill(o.reason, s)}`).join('\n');
  return { parts, verdict, feedback };
}

function gradeFixIt(spec: FixItExercise, engine: Engine, s: Record<string, Resolved>, answer: Answer): Omit<GradeResult, 'changed'> {
  const truth = fixItTruth(engine, s.src!, s.dst!);
  const broken = typeof answer === 'string' ? answer : answer.broken ?? '';
  const parts: PartResult[] = [{ part: 'repaired', correct: truth.reaches }];
  const lines: string[] = [];
  if (truth.reaches) lines.push(`Repaired: ${s.src!.name} reaches ${s.dst!.name} (${s.dst!.ip}) again, and the reply comes back.`);
  else lines.push(`Not repaired yet: ${s.src!.name} still cannot reach ${s.dst!.name} (${s.dst!.ip}).`, whereItGoesWrong(engine, truth.trace, s.dst!));
  if (broken.trim() === '') {
    parts.push({ part: 'broken', correct: false });
    lines.push('Say also what was broken.');
  } else {
    const o = gradeOptions(spec.broken, broken, s);
    if ('error' in o) { parts.push({ part: 'broken', correct: false, given: broken }); lines.push(o.error); }
    else { parts.push({ part: 'broken', correct: o.verdict === 'correct', given: broken.trim() }); lines.push(o.feedback); }
  }
  return { verdict: verdictOf(parts), parts, truth, feedback: lines.join('\n') };
}

// ---- entry points -------------------------------------------------------------

export function grade(spec: ExerciseSpec, engine: Engine, answer: Answer, opts: GradeOptions = {}): GradeResult {
  const changes = learnerChanges(engine, opts.baseline);
  const changed = changes.length > 0;
  const note = changed
    ? spec.kind === 'fix-it'
      ? ''
      : `You have changed the cluster since this exercise started (${changes.slice(0, 3).join('; ')}${changes.length > 3 ? '; ...' : ''}): it was graded as it is now.\n`
    : '';
  const res = resolveSubjects(spec, engine);
  if (!res.ok) return { verdict: 'unanswerable', feedback: `${note}${res.error} Reset the lab to get the exercise's cluster back.`, truth: null, changed };
  const s = res.subjects;
  const text = typeof answer === 'string' ? answer : '';
  let r: Omit<GradeResult, 'changed'>;
  switch (spec.kind) {
    case 'route-fact': r = gradeRouteFact(spec, engine, s, answer); break;
    case 'path': r = gradePath(spec, engine, s, answer); break;
    case 'predict': r = gradePredict(spec, engine, s, answer); break;
    case 'classify': {
      const truth = classifyTruth(engine, s.addr!.ip);
      const parsed = parseClass(text || (typeof answer === 'object' ? answer.network ?? '' : ''));
      if (!parsed.ok) { r = { verdict: 'wrong', truth, feedback: parsed.error }; break; }
      const ok = parsed.value === truth.network;
      const where = truth.cidr ? `the ${truth.network} network ${truth.cidr}` : `none of the cluster's networks (nodes ${engine.state.network.subnet}, pods 10.244.0.0/16, services 10.96.0.0/12)`;
      r = { verdict: ok ? 'correct' : 'wrong', truth, parts: [{ part: 'network', correct: ok, given: parsed.value }], feedback: `${ok ? 'Right' : 'Not right'}: ${truth.ip} is in ${where}.` };
      break;
    }
    case 'fix-it': r = gradeFixIt(spec, engine, s, answer); break;
    case 'dns-answer': {
      const t = dnsTruth(engine, s.src!, fill(spec.name, s));
      if (typeof t === 'string') return { verdict: 'unanswerable', feedback: `${note}${t}.`, truth: null, changed };
      const g = gradeDns(t, text);
      r = 'error' in g ? { verdict: 'wrong', truth: t, feedback: g.error } : { ...g, truth: t };
      break;
    }
    case 'service-backends':
    case 'service-chain': {
      const route = serviceRoute(engine, s.src!, s.svc!, spec.port);
      if (typeof route === 'string') return { verdict: 'unanswerable', feedback: `${note}${route}.`, truth: null, changed };
      const truth: Truth = { kind: 'service', route };
      const g = spec.kind === 'service-backends' ? gradeBackends(route, text) : gradeChain(route, text);
      r = 'error' in g ? { verdict: 'wrong', truth, feedback: g.error } : { ...g, truth };
      break;
    }
    case 'choice': {
      const o = gradeOptions(spec.options, text, s);
      const truth: Truth = { kind: 'choice', correct: spec.options.filter((x) => x.correct).map((x) => x.id) };
      r = 'error' in o ? { verdict: 'wrong', truth, feedback: o.error } : { ...o, truth };
      break;
    }
  }
  return { ...r, feedback: `${note}${r.feedback}`, changed };
}

/** The answer as truth gives it now, in the words a learner would use. */
export function truthText(spec: ExerciseSpec, engine: Engine): string | null {
  const res = resolveSubjects(spec, engine);
  if (!res.ok) return null;
  const s = res.subjects;
  switch (spec.kind) {
    case 'route-fact': {
      const t = routeFactTruth(engine, s.src!, s.dst!);
      if (t.error) return t.error;
      return spec.ask.map((p) => (p === 'via' ? (t.via ? `via ${t.via}` : 'direct (no gateway)') : p === 'dev' ? `dev ${t.dev}` : `src ${t.src ?? '?'}`)).join(' ');
    }
    case 'path': {
      const t = pathTruth(engine, s.src!, s.dst!);
      return spec.detail === 'devices' ? pathText(t.points) : t.namespaces.map((p) => `${p.nsKind === 'pod' ? 'pod' : 'node'} ${p.label}`).join(' -> ');
    }
    case 'predict': {
      const t = predictTruth(engine, s.src!, s.dst!);
      return spec.ask.map((p) => `${p}: ${p === 'arrives' ? (t.arrives ? 'yes' : 'no') : t[p] ?? 'none'}`).join('; ');
    }
    case 'classify': return classifyTruth(engine, s.addr!.ip).network;
    case 'fix-it': return `broken: ${spec.broken.find((o) => o.correct)?.id ?? '?'}`;
    case 'choice': return spec.options.filter((o) => o.correct).map((o) => o.id).join(', ');
    case 'dns-answer': {
      const t = dnsTruth(engine, s.src!, fill(spec.name, s));
      if (typeof t === 'string') return t;
      return t.outcome === 'addresses' ? t.addresses.join(', ') : t.outcome === 'nxdomain' ? 'NXDOMAIN' : 'timeout';
    }
    case 'service-backends':
    case 'service-chain': {
      const route = serviceRoute(engine, s.src!, s.svc!, spec.port);
      if (typeof route === 'string') return route;
      if (spec.kind === 'service-chain') return chainWalk(route).join(' -> ');
      return route.endpoints.length ? route.endpoints.map((e) => e.pod ?? e.ip).join(', ') : 'none';
    }
  }
}

/** The question with the learner's own names and addresses. */
export function prompt(spec: ExerciseSpec, engine: Engine): string {
  const res = resolveSubjects(spec, engine);
  return res.ok ? fill(spec.prompt, res.subjects) : res.error;
}

export function hints(spec: ExerciseSpec, engine: Engine): string[] {
  const res = resolveSubjects(spec, engine);
  return spec.hints.map((h) => (res.ok ? fill(h, res.subjects) : h));
}

/** The reference solution with the learner's own values: what to run, the answer it leads to now, and why. */
export function reveal(spec: ExerciseSpec, engine: Engine): string {
  const res = resolveSubjects(spec, engine);
  if (!res.ok) return `${res.error} Reset the lab to get the exercise's cluster back.`;
  const s = res.subjects;
  return [
    'Run:',
    ...spec.solution.steps.map((l) => `  $ ${fill(l, s)}`),
    `Answer: ${truthText(spec, engine) ?? '?'}`,
    fill(spec.solution.explanation, s),
  ].join('\n');
}

/**
 * Play the reference solution: run each step with `run`, read the captures off
 * the outputs and fill the answer template. The answer comes from the outputs,
 * exactly as a learner would read it.
 */
export function playSolution(spec: ExerciseSpec, engine: Engine, run: (line: string) => string): { answer: Answer; outputs: string[] } | { error: string } {
  const res = resolveSubjects(spec, engine);
  if (!res.ok) return { error: res.error };
  const s = res.subjects;
  // Steps run in order; a step may use what earlier steps printed (`{peer}`).
  const values: Record<string, string> = {};
  const outputs: string[] = [];
  for (const [i, line] of spec.solution.steps.entries()) {
    // What the learner reads: the text, not the colours a tool paints it with.
    const out = run(fill(line, s, values)).replace(/\x1b\[[0-9;]*[A-Za-z]/g, '');
    outputs.push(out);
    values[`out${i}`] = out;
    for (const c of (spec.solution.captures ?? []).filter((x) => x.step === i)) {
      const pattern = fill(c.pattern, s, values);
      const m = new RegExp(pattern, 'm').exec(out);
      if (!m) return { error: `step ${i} (${fill(line, s, values)}) printed nothing matching /${pattern}/:\n${out}` };
      c.names.forEach((n, k) => { values[n] = m[k + 1] ?? ''; });
    }
  }
  const a = spec.solution.answer;
  const answer: Answer = typeof a === 'string' ? fill(a, s, values) : Object.fromEntries(Object.entries(a).map(([k, v]) => [k, fill(v, s, values)]));
  return { answer, outputs };
}

/** What setupExercise needs of a lab (index.ts's Lab fits). */
export interface SetupTarget {
  readonly cluster: Engine | null;
  /** Runs a line on the laptop, wherever the learner stands (Lab.setup). */
  setup(line: string): { output: string; exitCode: number };
  advance(ms: number): void;
}

export interface SetupDone {
  /** engine.log length after the setup: pass it to grade() as `baseline`. */
  baseline: number;
  /** The lines as a terminal would show them: "$ line" then what it printed ("(already there: nothing to do)" for a line whose object exists). */
  transcript: string;
}

/** kubectl's answer when the object a create/expose line makes is there already. */
const ALREADY_THERE = /\(AlreadyExists\)|already exists/;

/**
 * Prepares a lab for an exercise: runs the setup lines on the laptop (the
 * learner may be inside a node or a pod; they stay there), lets the pods
 * start, applies the faults. Safe to run again on a lab that already has what
 * the lines create (another exercise of the lesson made the same deployment):
 * such a line counts as done.
 */
export function setupExercise(spec: ExerciseSpec, lab: SetupTarget): SetupDone | { error: string } {
  const transcript: string[] = [];
  for (const line of spec.setup?.lines ?? []) {
    const r = lab.setup(line);
    const there = r.exitCode !== 0 && ALREADY_THERE.test(r.output);
    if (r.exitCode !== 0 && !there) return { error: `setup line "${line}" failed: ${r.output.trim()}` };
    transcript.push(`$ ${line}`);
    const out = there ? '(already there: nothing to do)' : r.output.trimEnd();
    if (out !== '') transcript.push(out);
  }
  lab.advance(5000);
  const engine = lab.cluster;
  if (!engine) return { error: 'the lab has no cluster' };
  for (const f of spec.setup?.faults ?? []) {
    const on = resolveNode(engine, f.on);
    if (typeof on === 'string') return { error: on };
    let r;
    if (f.fault === 'route-deleted') {
      const to = resolveNode(engine, f.to);
      if (typeof to === 'string') return { error: to };
      r = engine.applyFault({ kind: 'route-deleted', node: on.name, dst: to.podCIDR });
    } else r = engine.applyFault({ kind: f.fault, node: on.name });
    if ('error' in r && r.error) return { error: `fault ${f.fault} on ${on.name}: ${r.error}` };
  }
  return { baseline: engine.log.length, transcript: transcript.join('\n') };
}

export { normIp };
