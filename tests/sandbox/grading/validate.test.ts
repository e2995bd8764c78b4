import { describe, expect, it } from 'vitest';
import { SAMPLE_EXERCISES, validateExercise, validateExercises } from '../../../sandbox/grading';

const good = SAMPLE_EXERCISES[0]!;

describe('malformed exercises are refused with what was expected and what was found', () => {
  it.each([
    [{ ...good, kind: 'route' }, ['exercise.kind: expected one of "route-fact", "path", "predict", "classify", "fix-it", "choice", "service-backends", "service-chain", "dns-answer", found "route"']],
    [{ ...good, id: 'Bad Id' }, ['exercise.id: expected lowercase letters, digits and dashes, found "Bad Id"']],
    [{ ...good, ask: ['gateway'] }, ['exercise.ask[0]: expected one of "via", "dev", "src", found "gateway"']],
    [{ ...good, subjects: { src: { node: 'worker-1' } } }, ['exercise.subjects.dst: expected a subject (a route-fact exercise needs src and dst), found nothing']],
    [{ ...good, subjects: { src: { ip: '8.8.8.8' }, dst: { pod: { onNode: 'x' } } } }, [
      'exercise.subjects.src.ip: expected ...'.replace('...', 'a pod or a node (a packet starts in a network namespace)').replace('.ip', '') + ', found an object with keys ip',
      'exercise.subjects.dst.pod: expected a deployment or a name, found an object with keys onNode',
    ].sort()],
    [{ ...good, hints: 'read the table' }, ['exercise.hints: expected a list of strings, found "read the table"']],
    [{ ...good, colour: 'red' }, ['exercise.colour: unknown field (expected one of kind, id, prompt, subjects, hints, solution, setup, ask)']],
    [{ ...good, solution: { ...good.solution, captures: [{ step: 7, pattern: '(', names: [] }] } }, [
      'exercise.solution.captures[0].step: expected a step index from 0 to 2, found number 7',
      'exercise.solution.captures[0].pattern: expected a valid regular expression, found "("',
      'exercise.solution.captures[0].names: expected at least 1 entry, found an array of 0',
    ]],
  ])('%#', (spec, errors) => {
    const r = validateExercise(spec);
    expect(r.ok).toBe(false);
    if (!r.ok) expect([...r.errors].sort()).toEqual([...errors].sort());
  });

  it('paths inside a lesson list are prefixed with the index', () => {
    const r = validateExercises([good, { ...good, id: 'other', kind: 'choice', options: [{ id: 'a', text: 'x', correct: false, reason: 'y' }, { id: 'b', text: 'z', correct: false, reason: 'w' }] }]);
    expect(r).toEqual({ ok: false, errors: [
      'exercises[1]: unknown field ask (expected one of kind, id, prompt, subjects, hints, solution, setup, options)'.replace('exercises[1]: unknown field ask', 'exercises[1].ask: unknown field'),
      'exercises[1].options: expected at least one correct option, found none',
    ] });
  });
});
