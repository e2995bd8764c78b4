/**
 * "Start this exercise" on a lab that other exercises (and the learner) share:
 * the setup's lines run as on the laptop, a line whose object already exists
 * counts as done (another exercise created the same deployment), then
 * setupExercise lets the pods start and applies the faults.
 */
import { setupExercise, type ExerciseSpec, type Lab } from '../../sandbox/index';

export type StartResult = { ok: true; baseline: number; transcript: string } | { ok: false; error: string };

export function startExercise(spec: ExerciseSpec, lab: Pick<Lab, 'cluster' | 'step' | 'advance' | 'context'>): StartResult {
  if (lab.context() !== 'laptop') {
    return { ok: false, error: 'The setup runs kubectl on your laptop: type exit in the terminal until the prompt reads learner@laptop:~$, then press Start again.' };
  }
  const transcript: string[] = [];
  for (const line of spec.setup?.lines ?? []) {
    const r = lab.step(line);
    if (r.exitCode !== 0 && !/already exists/i.test(r.output)) return { ok: false, error: `The setup line "${line}" failed: ${r.output.trim()}` };
    transcript.push(`$ ${line}`, r.exitCode === 0 ? r.output.trimEnd() : '(already there: nothing to do)');
  }
  const { lines: _ran, ...rest } = spec.setup ?? {};
  const set = setupExercise({ ...spec, setup: rest }, lab);
  if ('error' in set) return { ok: false, error: `The setup failed: ${set.error}` };
  return { ok: true, baseline: set.baseline, transcript: transcript.filter((l) => l !== '').join('\n') };
}
