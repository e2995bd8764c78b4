/**
 * Every exercise in content/: the definitions pass the validator, and on 20
 * seeds each one, started on one lab shared with the page's other exercises
 * (as the lesson page does it), accepts the answer its reference solution
 * reads off the terminal and rejects wrong ones.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createLab, grade, playSolution, setupExercise, isScenarioName, type Answer, type ExerciseSpec, type ScenarioName } from '../../sandbox/index';
import { courseExercises, indexExercises } from '../../src/lib/exercises';

const SEEDS = Array.from({ length: 20 }, (_, i) => i);
const modules = import.meta.glob<{ exercises?: unknown }>('/content/lessons/*.exercises.ts', { eager: true });
const pages = import.meta.glob<string>('/content/lessons/*.mdx', { eager: true, query: '?raw', import: 'default' });

/** The lab scenario of the lesson an exercise file sits beside (its page's frontmatter). */
function scenarioOf(exercisesFile: string): ScenarioName {
  const page = pages[exercisesFile.replace(/\.exercises\.ts$/, '.mdx')];
  const front = page?.match(/^---\n([\s\S]*?)\n---/)?.[1];
  const scenario: unknown = front ? (parseYaml(front) as { lab?: { scenario?: unknown } }).lab?.scenario : undefined;
  if (!isScenarioName(scenario)) throw new Error(`${exercisesFile}: no lesson page with a lab scenario beside it`);
  return scenario;
}

describe('exercise definitions', () => {
  it('every data module beside a lesson is valid, and ids are unique in the course', () => {
    expect(Object.keys(modules).length).toBeGreaterThan(0);
    expect(() => indexExercises(modules)).not.toThrow();
  });

  it('a wrong definition is reported with the file and the validator\'s message', () => {
    const bad = { '/content/lessons/09-x.exercises.ts': { exercises: [{ id: 'x', kind: 'route-fact' }] } };
    expect(() => indexExercises(bad)).toThrow(/content\/lessons\/09-x\.exercises\.ts: exercises\[0\]\.prompt: expected a non-empty string, found nothing/);
  });

  it('an id used twice in the course is reported', () => {
    const spec = [...courseExercises().values()][0]!.spec;
    expect(() => indexExercises({ '/a.exercises.ts': { exercises: [spec] }, '/b.exercises.ts': { exercises: [spec] } })).toThrow(/already used in a\.exercises\.ts/);
  });

  it('a module without an `exercises` export is reported', () => {
    expect(() => indexExercises({ '/c.exercises.ts': {} })).toThrow(/expected an export named "exercises"/);
  });
});

function wrongAnswers(spec: ExerciseSpec, right: Answer, gateway: string): Answer[] {
  switch (spec.kind) {
    case 'route-fact': return [`via ${gateway} dev eth0`, 'via 10.244.9.9 dev docker0'];
    case 'path': return [String(right).split(' -> ').reverse().join(' -> '), String(right).split(' -> ').slice(0, -1).join(' -> ')];
    case 'predict': return [{ arrives: 'no', source: '10.244.0.3', ttl: '64', hops: '1' }];
    case 'classify': return ['none'];
    case 'fix-it': return [{ broken: 'b' }];
    case 'choice': return [spec.options.find((o) => !o.correct)!.id];
    case 'service-backends': return ['none', gateway];
    case 'service-chain': return ['KUBE-SERVICES', 'KUBE-NODEPORTS -> KUBE-SERVICES'];
    case 'dns-answer': return [String(right) === 'NXDOMAIN' ? 'timeout' : 'NXDOMAIN', gateway];
  }
}

const lessons = Object.entries(modules).map(([file, mod]) => [file, (mod.exercises ?? []) as ExerciseSpec[]] as const);

describe.each(lessons)('%s', (file, specs) => {
  const scenario = scenarioOf(file);
  it.each(SEEDS)('seed %i: each exercise, started on the shared lab, accepts its reference answer and rejects wrong ones', (seed) => {
    // Faults change the lab for the exercises after them, so each fault exercise gets a fresh lab, as after "Reset lab".
    let lab = createLab({ scenario, seed });
    for (const spec of specs) {
      if ((spec.setup?.faults ?? []).length > 0) lab = createLab({ scenario, seed });
      const started = setupExercise(spec, lab);
      if ('error' in started) throw new Error(`${spec.id}: ${started.error}`);
      const engine = lab.cluster!;
      const played = playSolution(spec, engine, (line) => lab.step(line).output);
      if ('error' in played) throw new Error(`${spec.id}: ${played.error}`);
      const r = grade(spec, engine, played.answer, { baseline: started.baseline });
      expect(r.verdict, `${spec.id}: ${JSON.stringify(played.answer)}\n${r.feedback}`).toBe('correct');
      for (const wrong of wrongAnswers(spec, played.answer, engine.state.network.gateway)) {
        expect(grade(spec, engine, wrong).verdict, `${spec.id}: ${JSON.stringify(wrong)}`).not.toBe('correct');
      }
    }
  });
});
