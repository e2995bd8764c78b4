/**
 * Exercises of the practice page: the engine's samples
 * (sandbox/grading/samples.ts), one or more of every kind, the service and
 * name-lookup kinds included. Each file `NN-slug.exercises.ts` beside a lesson exports
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
  'service-backends-from-a-pod',
  'service-chain-from-a-node',
  'dns-service-short-name',
  'dns-without-coredns',
  'fix-missing-peer-route',
];

export const exercises: ExerciseSpec[] = PICKED.map((id) => {
  const spec = SAMPLE_EXERCISES.find((s) => s.id === id);
  if (!spec) throw new Error(`content/lessons/06-practice.exercises.ts: no sample exercise "${id}"`);
  return spec;
});
