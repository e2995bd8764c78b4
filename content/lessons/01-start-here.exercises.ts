/**
 * Exercises of the placeholder lesson: one of each kind, taken from the
 * engine's samples (sandbox/grading/samples.ts) until the real lessons bring
 * their own. Each file `NN-slug.exercises.ts` beside a lesson exports
 * `exercises`, a list of ExerciseSpec (documented field by field in
 * sandbox/grading/spec.ts); the build checks it and fails with the
 * validator's messages when something is wrong.
 */
import { SAMPLE_EXERCISES, type ExerciseSpec } from '../../sandbox/index';

const PICKED = [
  'node-next-hop-to-peer-pod',
  'pod-to-pod-across-nodes',
  'ping-across-nodes',
  'classify-kube-dns',
  'why-ttl-62',
  'fix-missing-peer-route',
];

export const exercises: ExerciseSpec[] = PICKED.map((id) => {
  const spec = SAMPLE_EXERCISES.find((s) => s.id === id);
  if (!spec) throw new Error(`content/lessons/01-start-here.exercises.ts: no sample exercise "${id}"`);
  return spec;
});
