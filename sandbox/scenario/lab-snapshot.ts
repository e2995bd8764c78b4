/**
 * A lab as plain data, so a front can keep it (the site: localStorage) and
 * bring it back: the cluster as its origin plus the log of operations
 * (Engine.replay rebuilds it), the shell's nested places, $?, the name counter,
 * the history and the idle clock.
 *
 * The log, not a dump of the state, is what is kept: it is small (one entry
 * per learner action), and it stays meaningful when a newer Podlab changes
 * how the state is laid out.
 *
 * parseLabSnapshot checks everything by hand before anything is built from
 * it, and says in words what it did not accept: storage can hold anything.
 */
import type { ClusterOrigin, LogEntry } from '../model/cluster';
import type { Place } from '../shell/types';
import { isScenarioName, type ScenarioName } from './catalog';

export const LAB_SNAPSHOT_VERSION = 1;
/** More log entries than a long workshop produces; replaying more could freeze the page. */
export const MAX_LOG_ENTRIES = 50_000;
/** minikube refuses more nodes than this long before the lab would. */
const MAX_NODES = 100;

export interface LabSnapshot {
  format: 'podlab-lab';
  version: typeof LAB_SNAPSHOT_VERSION;
  scenario: ScenarioName;
  seed: number;
  /** Null while the lab has no cluster (before minikube start, after minikube delete). */
  cluster: { origin: ClusterOrigin; log: LogEntry[] } | null;
  /** The lab clock while there is no cluster. */
  idleClock: number;
  /** The shell's nested places, outermost first. */
  places: Place[];
  status: number;
  serial: number;
  history: { limit: number; firstNumber: number; lines: string[] };
}

type Check = (value: unknown, path: string) => string | null;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const wholeNumber = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function fields(spec: Record<string, { check: Check; optional?: boolean }>): Check {
  return (value, path) => {
    if (!isRecord(value)) return `${path} should be a group of fields`;
    for (const [name, { check, optional }] of Object.entries(spec)) {
      if (value[name] === undefined) {
        if (optional) continue;
        return `${path}.${name} is missing`;
      }
      const problem = check(value[name], `${path}.${name}`);
      if (problem) return problem;
    }
    return null;
  };
}

const text: Check = (v, path) => (typeof v === 'string' ? null : `${path} should be text`);
const flag: Check = (v, path) => (typeof v === 'boolean' ? null : `${path} should be true or false`);
const oneOf = (...values: string[]): Check => (v, path) => (typeof v === 'string' && values.includes(v) ? null : `${path} should be one of ${values.join(', ')}`);
const count = (min = 0, max?: number): Check => (v, path) => (wholeNumber(v, min, max) ? null : `${path} should be a whole number from ${min}${max === undefined ? '' : ` to ${max}`}`);
const time: Check = (v, path) => (finite(v) ? null : `${path} should be a time in ms`);
const listOf = (item: Check, max = Number.MAX_SAFE_INTEGER): Check => (v, path) => {
  if (!Array.isArray(v)) return `${path} should be a list`;
  if (v.length > max) return `${path} has ${v.length} entries, more than the ${max} a lab keeps`;
  for (let i = 0; i < v.length; i += 1) {
    const problem = item(v[i], `${path}[${i}]`);
    if (problem) return problem;
  }
  return null;
};
const textMap: Check = (v, path) => {
  if (!isRecord(v)) return `${path} should be a group of fields`;
  for (const [k, x] of Object.entries(v)) if (typeof x !== 'string') return `${path}.${k} should be text`;
  return null;
};
/** Log arguments are JSON values the operations checked when they first ran; here only their size is bounded. */
const jsonArgs: Check = (v, path) => {
  if (!Array.isArray(v)) return `${path} should be a list`;
  for (const x of v) if (typeof x === 'number' && !Number.isFinite(x)) return `${path} holds a number that is not finite`;
  return null;
};

const place = fields({
  kind: { check: oneOf('laptop', 'node', 'pod') },
  user: { check: text },
  uid: { check: count() },
  host: { check: text },
  cwd: { check: text },
  shell: { check: oneOf('bash', 'sh') },
  netns: { check: text, optional: true },
  node: { check: text, optional: true },
  pod: { check: fields({ namespace: { check: text }, name: { check: text }, container: { check: text } }), optional: true },
  image: { check: text, optional: true },
  netAdmin: { check: flag, optional: true },
  tools: { check: textMap },
  colorPrompt: { check: flag, optional: true },
  farewell: { check: text, optional: true },
});

const origin = fields({
  seed: { check: count(0, 0xffffffff) },
  profile: { check: text },
  nodes: { check: count(1, MAX_NODES) },
  startAt: { check: time },
  settleMs: { check: time, optional: true },
});

const logEntry = fields({ at: { check: time }, op: { check: text }, args: { check: jsonArgs } });

const snapshot = fields({
  format: { check: oneOf('podlab-lab') },
  version: { check: (v, path) => (v === LAB_SNAPSHOT_VERSION ? null : `${path} is ${JSON.stringify(v)}, this Podlab reads version ${LAB_SNAPSHOT_VERSION}`) },
  scenario: { check: (v, path) => (isScenarioName(v) ? null : `${path} names no lab scenario`) },
  seed: { check: count(0, 0xffffffff) },
  cluster: {
    check: (v, path) => (v === null ? null : fields({ origin: { check: origin }, log: { check: listOf(logEntry, MAX_LOG_ENTRIES) } })(v, path)),
  },
  idleClock: { check: time },
  places: {
    check: (v, path) => {
      const problem = listOf(place, 64)(v, path);
      if (problem) return problem;
      return (v as Place[]).length === 0 || (v as Place[])[0]?.kind !== 'laptop' ? `${path} should start with the laptop` : null;
    },
  },
  status: { check: count(0, 255) },
  serial: { check: count() },
  history: {
    check: fields({ limit: { check: count(1, 100_000) }, firstNumber: { check: count(1) }, lines: { check: listOf(text, 100_000) } }),
  },
});

/** A LabSnapshot, or why the value is not one. */
export function parseLabSnapshot(value: unknown): { ok: true; snapshot: LabSnapshot } | { ok: false; error: string } {
  const problem = snapshot(value, 'lab');
  return problem ? { ok: false, error: problem } : { ok: true, snapshot: value as LabSnapshot };
}
