/**
 * Checks an exercise definition against spec.ts. Hand-written rather than
 * zod: the engine bundle stays dependency-free, and every message reads
 * `path: expected X, found Y` for lesson authors without an error map.
 */
import { parseIp } from '../addr/ipv4';
import { REQUIRED_ROLES, type ExerciseKind, type ExerciseSpec } from './spec';

export type Validation = { ok: true; spec: ExerciseSpec } | { ok: false; errors: string[] };

const KINDS: ExerciseKind[] = ['route-fact', 'path', 'predict', 'classify', 'fix-it', 'choice', 'service-backends', 'service-chain', 'dns-answer'];
const ROUTE_PARTS = ['via', 'dev', 'src'];
const PREDICT_PARTS = ['arrives', 'source', 'ttl', 'hops'];

function found(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'object') return `an object with keys ${Object.keys(v).join(', ') || '(none)'}`;
  return `${typeof v} ${String(v)}`;
}

const oneOf = (xs: string[]) => xs.map((x) => JSON.stringify(x)).join(', ');

class Checker {
  errors: string[] = [];
  fail(path: string, expected: string, v: unknown): void {
    this.errors.push(`${path}: expected ${expected}, found ${found(v)}`);
  }
  isObject(path: string, v: unknown): v is Record<string, unknown> {
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return true;
    this.fail(path, 'an object', v);
    return false;
  }
  string(path: string, v: unknown, nonEmpty = true): v is string {
    if (typeof v === 'string' && (!nonEmpty || v.trim() !== '')) return true;
    this.fail(path, nonEmpty ? 'a non-empty string' : 'a string', v);
    return false;
  }
  stringArray(path: string, v: unknown, min = 0): v is string[] {
    if (!Array.isArray(v)) { this.fail(path, min ? `a list of at least ${min} strings` : 'a list of strings', v); return false; }
    if (v.length < min) { this.fail(path, `at least ${min} entr${min === 1 ? 'y' : 'ies'}`, v); return false; }
    let ok = true;
    v.forEach((x, i) => { if (!this.string(`${path}[${i}]`, x)) ok = false; });
    return ok;
  }
  enumOf(path: string, v: unknown, xs: string[]): boolean {
    if (typeof v === 'string' && xs.includes(v)) return true;
    this.fail(path, `one of ${oneOf(xs)}`, v);
    return false;
  }
  noExtra(path: string, o: Record<string, unknown>, allowed: string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.errors.push(`${path}.${k}: unknown field (expected one of ${allowed.join(', ')})`);
  }
}

function checkNodeRef(c: Checker, path: string, v: unknown): void {
  c.string(path, v);
}

function checkSubject(c: Checker, path: string, v: unknown): void {
  if (!c.isObject(path, v)) return;
  const keys = Object.keys(v);
  const kinds = ['pod', 'node', 'service', 'podCidrOf', 'nodeGateway', 'ip'];
  const kind = keys.find((k) => kinds.includes(k));
  if (!kind) { c.fail(path, `a subject with one of ${kinds.join(', ')}`, v); return; }
  switch (kind) {
    case 'pod': {
      const p = v.pod;
      if (!c.isObject(`${path}.pod`, p)) return;
      c.noExtra(`${path}.pod`, p, ['deployment', 'name', 'namespace', 'onNode']);
      if (p.deployment === undefined && p.name === undefined) c.fail(`${path}.pod`, 'a deployment or a name', p);
      for (const k of ['deployment', 'name', 'namespace', 'onNode']) if (p[k] !== undefined) c.string(`${path}.pod.${k}`, p[k]);
      c.noExtra(path, v, ['pod']);
      break;
    }
    case 'node': checkNodeRef(c, `${path}.node`, v.node); c.noExtra(path, v, ['node']); break;
    case 'service': c.string(`${path}.service`, v.service); c.noExtra(path, v, ['service']); break;
    case 'podCidrOf':
      checkNodeRef(c, `${path}.podCidrOf`, v.podCidrOf);
      if (v.host !== undefined && !(Number.isInteger(v.host) && (v.host as number) >= 1 && (v.host as number) <= 254)) c.fail(`${path}.host`, 'an integer from 1 to 254', v.host);
      c.noExtra(path, v, ['podCidrOf', 'host']);
      break;
    case 'nodeGateway': if (v.nodeGateway !== true) c.fail(`${path}.nodeGateway`, 'true', v.nodeGateway); c.noExtra(path, v, ['nodeGateway']); break;
    case 'ip': if (c.string(`${path}.ip`, v.ip) && parseIp(v.ip) === null) c.fail(`${path}.ip`, 'an IPv4 address', v.ip); c.noExtra(path, v, ['ip']); break;
  }
}

function checkOptions(c: Checker, path: string, v: unknown, exactlyOne: boolean): void {
  if (!Array.isArray(v) || v.length < 2) { c.fail(path, 'a list of at least 2 options', v); return; }
  const ids = new Set<string>();
  let correct = 0;
  v.forEach((o, i) => {
    const p = `${path}[${i}]`;
    if (!c.isObject(p, o)) return;
    c.noExtra(p, o, ['id', 'text', 'correct', 'reason']);
    if (c.string(`${p}.id`, o.id)) {
      if (ids.has(o.id)) c.fail(`${p}.id`, 'an id not used by another option', o.id);
      ids.add(o.id);
    }
    c.string(`${p}.text`, o.text);
    c.string(`${p}.reason`, o.reason);
    if (typeof o.correct !== 'boolean') c.fail(`${p}.correct`, 'true or false', o.correct);
    else if (o.correct) correct++;
  });
  if (exactlyOne && correct !== 1) c.errors.push(`${path}: expected exactly one correct option, found ${correct}`);
  if (!exactlyOne && correct < 1) c.errors.push(`${path}: expected at least one correct option, found none`);
}

function checkSolution(c: Checker, path: string, v: unknown): void {
  if (!c.isObject(path, v)) return;
  c.noExtra(path, v, ['steps', 'captures', 'answer', 'explanation']);
  const steps = c.stringArray(`${path}.steps`, v.steps) ? (v.steps as string[]).length : 0;
  if (v.captures !== undefined) {
    if (!Array.isArray(v.captures)) c.fail(`${path}.captures`, 'a list of captures', v.captures);
    else v.captures.forEach((cap, i) => {
      const p = `${path}.captures[${i}]`;
      if (!c.isObject(p, cap)) return;
      c.noExtra(p, cap, ['step', 'pattern', 'names']);
      if (!(Number.isInteger(cap.step) && (cap.step as number) >= 0 && (cap.step as number) < steps)) c.fail(`${p}.step`, `a step index from 0 to ${steps - 1}`, cap.step);
      if (c.string(`${p}.pattern`, cap.pattern)) {
        try { new RegExp(cap.pattern); } catch (e) { c.fail(`${p}.pattern`, 'a valid regular expression', cap.pattern); }
      }
      c.stringArray(`${p}.names`, cap.names, 1);
    });
  }
  if (typeof v.answer === 'string') c.string(`${path}.answer`, v.answer);
  else if (typeof v.answer === 'object' && v.answer !== null && !Array.isArray(v.answer)) {
    for (const [k, t] of Object.entries(v.answer)) c.string(`${path}.answer.${k}`, t);
  } else c.fail(`${path}.answer`, 'a string or an object of strings per part', v.answer);
  c.string(`${path}.explanation`, v.explanation);
}

function checkSetup(c: Checker, path: string, v: unknown): void {
  if (!c.isObject(path, v)) return;
  c.noExtra(path, v, ['lines', 'faults']);
  if (v.lines !== undefined) c.stringArray(`${path}.lines`, v.lines);
  if (v.faults === undefined) return;
  if (!Array.isArray(v.faults)) { c.fail(`${path}.faults`, 'a list of faults', v.faults); return; }
  v.faults.forEach((f, i) => {
    const p = `${path}.faults[${i}]`;
    if (!c.isObject(p, f)) return;
    if (!c.enumOf(`${p}.fault`, f.fault, ['route-deleted', 'kindnet-stopped', 'ip-forward-off', 'kube-proxy-stopped'])) return;
    checkNodeRef(c, `${p}.on`, f.on);
    if (f.fault === 'route-deleted') { checkNodeRef(c, `${p}.to`, f.to); c.noExtra(p, f, ['fault', 'on', 'to']); }
    else c.noExtra(p, f, ['fault', 'on']);
  });
}

/** Check one exercise; `path` prefixes every message (e.g. `exercises[2]`). */
export function validateExercise(v: unknown, path = 'exercise'): Validation {
  const c = new Checker();
  if (!c.isObject(path, v)) return { ok: false, errors: c.errors };
  if (!c.enumOf(`${path}.kind`, v.kind, KINDS)) return { ok: false, errors: c.errors };
  const kind = v.kind as ExerciseKind;
  const common = ['kind', 'id', 'prompt', 'subjects', 'hints', 'solution', 'setup'];
  const extra: Record<ExerciseKind, string[]> = {
    'route-fact': ['ask'], path: ['detail'], predict: ['ask'], classify: [], 'fix-it': ['broken'], choice: ['options'],
    'service-backends': ['port'], 'service-chain': ['port'], 'dns-answer': ['name'],
  };
  c.noExtra(path, v, [...common, ...extra[kind]]);
  if (c.string(`${path}.id`, v.id) && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(v.id)) c.fail(`${path}.id`, 'lowercase letters, digits and dashes', v.id);
  c.string(`${path}.prompt`, v.prompt);
  c.stringArray(`${path}.hints`, v.hints);
  checkSolution(c, `${path}.solution`, v.solution);
  if (v.setup !== undefined) checkSetup(c, `${path}.setup`, v.setup);
  const subjects = v.subjects === undefined ? {} : v.subjects;
  if (c.isObject(`${path}.subjects`, subjects)) {
    for (const [role, s] of Object.entries(subjects)) checkSubject(c, `${path}.subjects.${role}`, s);
    for (const role of REQUIRED_ROLES[kind]) if (!(role in subjects)) c.fail(`${path}.subjects.${role}`, `a subject (a ${kind} exercise needs ${REQUIRED_ROLES[kind].join(' and ')})`, undefined);
    for (const role of ['src']) {
      const s = subjects[role] as Record<string, unknown> | undefined;
      if (s && typeof s === 'object' && !('pod' in s) && !('node' in s) && REQUIRED_ROLES[kind].includes(role)) {
        c.fail(`${path}.subjects.${role}`, 'a pod or a node (a packet starts in a network namespace)', s);
      }
    }
  }
  switch (kind) {
    case 'route-fact':
    case 'predict': {
      const parts = kind === 'route-fact' ? ROUTE_PARTS : PREDICT_PARTS;
      if (!Array.isArray(v.ask) || v.ask.length === 0) c.fail(`${path}.ask`, `a non-empty list of ${oneOf(parts)}`, v.ask);
      else {
        v.ask.forEach((p, i) => c.enumOf(`${path}.ask[${i}]`, p, parts));
        if (new Set(v.ask).size !== v.ask.length) c.fail(`${path}.ask`, 'each part once', v.ask);
      }
      break;
    }
    case 'path': c.enumOf(`${path}.detail`, v.detail, ['devices', 'namespaces']); break;
    case 'fix-it': checkOptions(c, `${path}.broken`, v.broken, true); break;
    case 'choice': checkOptions(c, `${path}.options`, v.options, false); break;
    case 'classify': break;
    case 'dns-answer': {
      if (c.string(`${path}.name`, v.name) && !/^[A-Za-z0-9{}._-]+$/.test(v.name as string)) c.fail(`${path}.name`, 'a host name (letters, digits, dots, dashes; {role.field} placeholders allowed)', v.name);
      const src = (subjects as Record<string, unknown>).src;
      if (src && typeof src === 'object' && !('pod' in src)) c.fail(`${path}.subjects.src`, 'a pod (cluster names resolve through a pod\'s /etc/resolv.conf)', src);
      break;
    }
    case 'service-backends':
    case 'service-chain': {
      const svc = (subjects as Record<string, unknown>).svc;
      if (svc && typeof svc === 'object' && !('service' in svc)) c.fail(`${path}.subjects.svc`, 'a service subject ({ service: "namespace/name" })', svc);
      if (v.port !== undefined && !(Number.isInteger(v.port) && (v.port as number) >= 1 && (v.port as number) <= 65535)) c.fail(`${path}.port`, 'a port number from 1 to 65535', v.port);
      break;
    }
  }
  return c.errors.length ? { ok: false, errors: c.errors } : { ok: true, spec: v as unknown as ExerciseSpec };
}

/** Check a lesson's list of exercises; ids must be unique across it. */
export function validateExercises(v: unknown, path = 'exercises'): { ok: true; specs: ExerciseSpec[] } | { ok: false; errors: string[] } {
  if (!Array.isArray(v)) return { ok: false, errors: [`${path}: expected a list of exercises, found ${found(v)}`] };
  const errors: string[] = [];
  const specs: ExerciseSpec[] = [];
  const ids = new Set<string>();
  v.forEach((x, i) => {
    const r = validateExercise(x, `${path}[${i}]`);
    if (!r.ok) { errors.push(...r.errors); return; }
    if (ids.has(r.spec.id)) errors.push(`${path}[${i}].id: expected an id not used by another exercise, found ${JSON.stringify(r.spec.id)}`);
    ids.add(r.spec.id);
    specs.push(r.spec);
  });
  return errors.length ? { ok: false, errors } : { ok: true, specs };
}
